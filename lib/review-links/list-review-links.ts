import { getBrand } from "@/lib/brands/get-brand";
import type { Db } from "@/lib/db/client";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";
import { signReviewToken } from "./review-token";

export type ReviewLinkStatus = "active" | "expired" | "revoked";

/**
 * A brand's review links, newest first, each with its status, when it was last used, how many
 * decisions and comments came through it, and (while active) its URL token again, so the team
 * can copy it later: the token is signed, not stored.
 */
export async function listReviewLinks(
  deps: { db: Db; authSecret: string; now?: () => Date },
  ctx: WorkspaceContext,
  brandId: string,
) {
  assertCan(ctx, "stories:edit", "see review links");
  const brand = await getBrand(deps.db, ctx, brandId);
  const now = deps.now?.() ?? new Date();
  const links = await deps.db.reviewLink.findMany({
    where: { workspaceId: ctx.workspaceId, brandId: brand.id },
    orderBy: { createdAt: "desc" },
    take: 100,
    include: {
      createdBy: { select: { name: true } },
      _count: { select: { approvals: true, comments: true, stories: true } },
    },
  });
  return links.map((link) => {
    const status: ReviewLinkStatus = link.revokedAt
      ? "revoked"
      : link.expiresAt <= now
        ? "expired"
        : "active";
    return {
      id: link.id,
      label: link.label,
      fromDate: link.fromDate,
      toDate: link.toDate,
      selectedStories: link._count.stories,
      expiresAt: link.expiresAt,
      revokedAt: link.revokedAt,
      lastUsedAt: link.lastUsedAt,
      createdAt: link.createdAt,
      createdBy: link.createdBy?.name ?? null,
      decisions: link._count.approvals,
      comments: link._count.comments,
      status,
      token: status === "active" ? signReviewToken(deps.authSecret, link) : null,
    };
  });
}
