import { ActionButtonForm } from "@/app/_components/action-button";
import { LocalTime } from "@/app/_components/local-time";
import Link from "@/app/_components/ui/link";
import { orNotFound } from "@/app/_lib/or-not-found";
import { requireWorkspace } from "@/app/_lib/workspace";
import { getBrand } from "@/lib/brands/get-brand";
import { can } from "@/lib/core/roles";
import { wallClockAt } from "@/lib/core/wall-clock";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { listReviewLinks, type ReviewLinkStatus } from "@/lib/review-links/list-review-links";
import { frameLabel } from "@/lib/stories/frame-label";
import { listStories } from "@/lib/stories/list-stories";
import { createReviewLinkAction, revokeReviewLinkAction } from "./actions";
import { CopyButton } from "./copy-button";
import { ShareForm } from "./share-form";

export const metadata = { title: "Share for review" };

const STATUS_STYLES: Record<ReviewLinkStatus, string> = {
  active: "bg-green-50 text-green-800",
  expired: "bg-zinc-100 text-zinc-700",
  revoked: "bg-red-50 text-red-800",
};

const pad = (n: number) => String(n).padStart(2, "0");

export default async function ReviewLinksPage({
  params,
}: {
  params: Promise<{ slug: string; brandId: string }>;
}) {
  const { slug, brandId } = await params;
  const ctx = await requireWorkspace(slug);
  const brand = await orNotFound(getBrand(db(), ctx, brandId));
  const base = `/w/${ctx.workspaceSlug}`;
  if (!can(ctx.role, "stories:edit")) {
    return (
      <section className="flex flex-col gap-3">
        <h1 className="text-2xl font-semibold">Share for review</h1>
        <p className="text-zinc-700">Only editors, admins and owners share stories for review.</p>
      </section>
    );
  }
  const deps = { db: db(), authSecret: env().AUTH_SECRET };
  const [links, stories] = await Promise.all([
    listReviewLinks(deps, ctx, brand.id),
    listStories(db(), ctx, { brandId: brand.id, limit: 50 }),
  ]);
  const origin = env().PUBLIC_BASE_URL;
  // The next seven days in the brand's zone: the usual week sent to a client.
  const today = wallClockAt(new Date(), brand.timeZone);
  const week = wallClockAt(new Date(Date.now() + 6 * 86_400_000), brand.timeZone);
  const day = (w: typeof today) => `${w.year}-${pad(w.month)}-${pad(w.day)}`;
  const shareable = stories.filter((s) => s.status !== "DRAFT" && s.status !== "CANCELED");
  return (
    <section className="flex flex-col gap-6">
      <div>
        <p className="text-sm">
          <Link href={`${base}/brands/${brand.id}`} className="text-brand-700 hover:underline">
            {brand.name}
          </Link>
        </p>
        <h1 className="text-2xl font-semibold">Share for review</h1>
        <p className="text-zinc-700">
          A link your client opens without an account: they see the stories as phone previews with their times
          in {brand.timeZone}
          {brand.approvalPolicy === "TEAM_AND_CLIENT"
            ? ", approve each or ask for changes, and comment."
            : ". This brand's stories are approved by your team, so the client can comment but not approve."}
        </p>
      </div>
      <ShareForm
        action={createReviewLinkAction.bind(null, ctx.workspaceSlug, brand.id)}
        origin={origin}
        defaultFrom={day(today)}
        defaultTo={day(week)}
        stories={shareable.map((story) => ({
          id: story.id,
          label: story.title || (story.frames[0] && frameLabel(story.frames[0])) || "Untitled story",
          when: story.scheduledAt ? (
            <LocalTime instant={story.scheduledAt.toISOString()} zone={brand.timeZone} />
          ) : (
            "no time"
          ),
        }))}
      />
      <div className="flex flex-col gap-3">
        <h2 className="text-lg font-semibold">Links</h2>
        {links.length === 0 ? <p className="text-sm text-zinc-600">No review links yet.</p> : null}
        <ul className="flex flex-col gap-2">
          {links.map((link) => (
            <li
              key={link.id}
              data-testid="review-link"
              className="flex flex-col gap-2 rounded-lg border border-zinc-200 bg-white p-3 text-sm"
            >
              <div className="flex flex-wrap items-center gap-2">
                <strong className="break-all">{link.label}</strong>
                <span
                  data-testid="review-link-status"
                  className={`rounded px-2 py-0.5 text-xs font-medium ${STATUS_STYLES[link.status]}`}
                >
                  {link.status === "active" ? "Active" : link.status === "expired" ? "Expired" : "Revoked"}
                </span>
              </div>
              <p className="text-zinc-700">
                {link.fromDate
                  ? `${link.fromDate} to ${link.toDate}`
                  : `${link.selectedStories} selected stories`}
                {" · "}
                {link.status === "revoked" && link.revokedAt ? (
                  <>
                    revoked <LocalTime instant={link.revokedAt.toISOString()} />
                  </>
                ) : (
                  <>
                    {link.status === "expired" ? "expired" : "expires"}{" "}
                    <LocalTime instant={link.expiresAt.toISOString()} />
                  </>
                )}
                {" · "}
                {link.lastUsedAt ? (
                  <>
                    last used <LocalTime instant={link.lastUsedAt.toISOString()} />
                  </>
                ) : (
                  "not opened yet"
                )}
                {" · "}
                <span data-testid="review-link-decisions">
                  {link.decisions} decision{link.decisions === 1 ? "" : "s"}, {link.comments} comment
                  {link.comments === 1 ? "" : "s"}
                </span>
              </p>
              {link.token ? (
                <div className="flex flex-wrap items-start gap-3">
                  <CopyButton text={`${origin}/review/${link.token}`} />
                  <ActionButtonForm
                    action={revokeReviewLinkAction.bind(null, ctx.workspaceSlug, link.id)}
                    label="Revoke"
                    pendingLabel="Revoking…"
                    ariaLabel={`Revoke ${link.label}`}
                    subject={link.label}
                    className="rounded-md border border-red-300 bg-white px-3 py-1.5 text-sm font-medium text-red-800 hover:bg-red-50"
                    confirm={{
                      title: `Revoke "${link.label}"?`,
                      description: "The client's link stops working at once. What they already said stays.",
                      confirmLabel: "Revoke link",
                      destructive: true,
                    }}
                  />
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
