import { notFound } from "next/navigation";
import { LocalTime } from "@/app/_components/local-time";
import Link from "@/app/_components/ui/link";
import { webDeps } from "@/app/_lib/deps";
import { metaLoginDeps } from "@/app/_lib/meta-login";
import { requireWorkspace } from "@/app/_lib/workspace";
import { META_LOGINS } from "@/lib/core/platforms/meta-logins";
import { isAppError } from "@/lib/errors";
import { readPendingLogin } from "@/lib/oauth/read-pending-login";
import { connectPickedAction } from "./actions";
import { PickAccountsForm } from "./pick-accounts-form";

export const metadata = { title: "Choose accounts to connect" };

// /w/[slug]/brands/[brandId]/channels/connect/[kind]/pick?pending=<id> – which accounts become channels of which brand
export default async function PickAccountsPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string; brandId: string; kind: string }>;
  searchParams: Promise<{ pending?: string | string[] }>;
}) {
  const { slug, brandId } = await params;
  const { pending } = await searchParams;
  const ctx = await requireWorkspace(slug);
  const back = `/w/${ctx.workspaceSlug}/brands/${brandId}`;
  const picker =
    typeof pending === "string"
      ? await readPendingLogin(metaLoginDeps(webDeps()), ctx, pending).catch((error) => {
          if (isAppError(error, "NOT_FOUND") || isAppError(error, "FORBIDDEN")) return null;
          throw error;
        })
      : null;
  if (!picker) {
    return (
      <section className="flex max-w-xl flex-col gap-3">
        <h1 className="text-2xl font-semibold">This sign-in has expired or was already completed</h1>
        <p>Nothing was saved by it. Sign-ins last 10 minutes; start again from the brand's channels.</p>
        <Link href={back} className="text-brand-700 underline">
          Back to the brand
        </Link>
      </section>
    );
  }
  if (picker.brandId !== brandId) notFound();
  const login = META_LOGINS[picker.kind];
  const expiring = picker.accounts.find((account) => account.tokenExpiresAt);

  return (
    <section className="flex max-w-2xl flex-col gap-4">
      <p className="text-sm">
        <Link href={back} className="text-brand-700 hover:underline">
          Back to the brand
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">
        {picker.accounts.length === 1 ? "Connect this account?" : "Choose the accounts to connect"}
      </h1>
      <p className="text-sm text-zinc-600">
        {login.productName}
        {picker.sandbox ? " (sandbox: the bundled simulator, not Meta)" : ""} gave StoryRelay access to{" "}
        {picker.accounts.length === 1
          ? "this account. Choose the brand it publishes Stories for."
          : `these ${picker.accounts.length} accounts. Tick the ones that should publish Stories, and choose each one's brand.`}
      </p>
      {picker.reconnectMissing ? (
        <p role="status" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-900">
          {picker.reconnectMissing} was not among the accounts you chose on Meta's screen, so it still needs
          re-authorisation. Go back to the brand and reconnect it again, ticking its account.
        </p>
      ) : null}
      {expiring?.tokenExpiresAt ? (
        <p className="text-sm text-zinc-600">
          The token lasts until <LocalTime instant={expiring.tokenExpiresAt.toISOString()} />; StoryRelay
          renews it before then.
        </p>
      ) : (
        <p className="text-sm text-zinc-600">
          Page tokens from a long-lived user token do not expire: these channels stay connected until someone
          removes StoryRelay's access in Facebook.
        </p>
      )}
      <PickAccountsForm
        action={connectPickedAction.bind(
          null,
          ctx.workspaceSlug,
          brandId,
          typeof pending === "string" ? pending : "",
        )}
        accounts={picker.accounts.map((account) => ({
          key: account.key,
          label: `${account.platformLabel}: ${account.name}`,
          note: account.note,
          brandId: account.brandId,
          existing: account.existingChannel
            ? account.reconnecting || account.existingChannel.status === "NEEDS_REAUTH"
              ? "reconnects the channel that needs re-authorisation"
              : "already a channel: connecting again renews its token"
            : undefined,
        }))}
        brands={picker.brands}
        submitLabel={picker.accounts.length === 1 ? "Connect this account" : "Connect the ticked accounts"}
      />
    </section>
  );
}
