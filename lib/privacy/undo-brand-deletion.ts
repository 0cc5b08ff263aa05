import { recordAudit } from "@/lib/audit/record-audit";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { assertCan, canSeeBrand, type WorkspaceContext } from "@/lib/workspaces/context";

/**
 * Takes a scheduled brand deletion back during the grace period. Nothing was deleted, so clearing
 * the columns restores everything; stories whose time came meanwhile are then handled by the
 * publish sweep like any story whose time passed while it could not go out (decision 035).
 */
export async function undoBrandDeletion(
  deps: { db: Db; now(): Date },
  ctx: WorkspaceContext,
  brandId: string,
) {
  assertCan(ctx, "brands:manage", "undo a brand's deletion");
  const brand = await deps.db.brand.findFirst({
    where: { id: brandId, workspaceId: ctx.workspaceId },
    select: { id: true, name: true, deleteAfter: true },
  });
  if (!brand || !canSeeBrand(ctx, brand.id)) throw new AppError("NOT_FOUND", "That brand does not exist.");
  if (!brand.deleteAfter) throw new AppError("CONFLICT", `${brand.name} is not scheduled for deletion.`);
  await deps.db.$transaction(async (tx) => {
    // Conditional: once the grace period is over the sweep may be deleting it right now.
    const undone = await tx.brand.updateMany({
      where: { id: brand.id, workspaceId: ctx.workspaceId, deleteAfter: { gt: deps.now() } },
      data: { deletionScheduledAt: null, deleteAfter: null, deletionRequestedById: null },
    });
    if (undone.count === 0)
      throw new AppError("CONFLICT", `The grace period for ${brand.name} is over; it is being deleted.`);
    await recordAudit(tx, ctx, {
      action: "brand.deletion_undone",
      entityType: "Brand",
      entityId: brand.id,
      data: { name: brand.name },
    });
  });
}
