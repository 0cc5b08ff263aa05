import Link from "@/app/_components/ui/link";
import { META_LOGINS, type MetaLoginKind, scopesToRequest } from "@/lib/core/platforms/meta-logins";
import { LOGIN_REFUSALS, type LoginRefusalReason } from "@/lib/oauth/refusals";

export const metadata = { title: "Account not connected" };

const one = (value: string | string[] | undefined) => (typeof value === "string" ? value : undefined);

// /oauth/refused?reason&missing&slug&brand&kind – where a one-click login that saved nothing ends
export default async function LoginRefusedPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const query = await searchParams;
  const reasonParam = one(query.reason) ?? "";
  const reason: LoginRefusalReason = Object.hasOwn(LOGIN_REFUSALS, reasonParam)
    ? (reasonParam as LoginRefusalReason)
    : "tampered";
  const kindParam = one(query.kind) ?? "";
  const kind = Object.hasOwn(META_LOGINS, kindParam) ? (kindParam as MetaLoginKind) : undefined;
  // Only permission names StoryRelay asks for are repeated: the page never echoes free text.
  const asked = kind ? scopesToRequest(kind, ["publish", "insights", "messages"]) : [];
  const missing = (one(query.missing) ?? "").split(",").filter((scope) => asked.includes(scope));
  const slug = one(query.slug);
  const brand = one(query.brand);
  const safe = (value: string | undefined) =>
    value && /^[A-Za-z0-9_-]{1,100}$/.test(value) ? value : undefined;
  const brandHref = safe(slug) && safe(brand) ? `/w/${safe(slug)}/brands/${safe(brand)}` : undefined;
  const retryHref =
    brandHref && kind
      ? `${brandHref}/channels/connect/${kind}${reason === "missing_permissions" ? "?rerequest=1" : ""}`
      : undefined;
  const { title, advice } = LOGIN_REFUSALS[reason];

  return (
    <main className="mx-auto flex max-w-xl flex-col gap-4 p-6" aria-labelledby="refused-title">
      <h1 id="refused-title" className="text-2xl font-semibold">
        {title}
      </h1>
      <p className="font-medium">Nothing was saved: no channel was connected or changed.</p>
      {missing.length > 0 ? (
        <div className="rounded-md border border-amber-300 bg-amber-50 p-3">
          <p>
            {missing.length === 1 ? "This permission was" : "These permissions were"} unticked or declined on{" "}
            {kind ? `${META_LOGINS[kind].productName}'s` : "Meta's"} screen, and StoryRelay needs{" "}
            {missing.length === 1 ? "it" : "them"} to publish Stories:
          </p>
          <ul className="mt-2 list-disc pl-6 font-mono text-sm">
            {missing.map((scope) => (
              <li key={scope}>{scope}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <p>{advice}</p>
      <div className="flex flex-wrap gap-3">
        {retryHref && kind ? (
          // A plain link: the route answers with a redirect to Meta, which client navigation cannot follow.
          <a
            href={retryHref}
            className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700"
          >
            {reason === "missing_permissions"
              ? missing.length === 1
                ? "Grant the permission"
                : "Grant the permissions"
              : META_LOGINS[kind].buttonLabel}
          </a>
        ) : null}
        <Link
          href={brandHref ?? "/"}
          className="rounded-md border border-zinc-300 px-4 py-2 font-medium hover:bg-zinc-50"
        >
          {brandHref ? "Back to the brand" : "Back to StoryRelay"}
        </Link>
      </div>
    </main>
  );
}
