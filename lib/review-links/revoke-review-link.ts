import { recordAudit } from "@/lib/audit/record-audit";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { assertCan, canSeeBrand, type WorkspaceContext } from "@/lib/workspaces/context";

/**
 * Revokes a review link at once: its page and every request through it are refused from now on
 * ("This review link was revoked"). What came through it before stays. Revoking twice is a no-op.
 */
export async function revokeReviewLink(
  deps: { db: Db; now?: () => Date },
  ctx: WorkspaceContext,
  linkId: string,
) {
  assertCan(ctx, "stories:edit", "revoke review links");
  const now = deps.now?.() ?? new Date();
  return deps.db.$transaction(async (tx) => {
    const link =
      typeof linkId === "string" && linkId.length <= 100
        ? await tx.reviewLink.findFirst({ where: { id: linkId, workspaceId: ctx.workspaceId } })
        : null;
    if (!link || !canSeeBrand(ctx, link.brandId)) {
      throw new AppError("NOT_FOUND", "This review link does not exist or you cannot see it.");
    }
    if (link.revokedAt) return link;
    const revoked = await tx.reviewLink.update({
      where: { id_workspaceId: { id: link.id, workspaceId: ctx.workspaceId } },
      data: { revokedAt: now },
    });
    await recordAudit(tx, ctx, {
      action: "review_link.revoke",
      entityType: "ReviewLink",
      entityId: link.id,
      data: { brandId: link.brandId },
    });
    return revoked;
  });
}
