import { recordAudit } from "@/lib/audit/record-audit";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { assertCan, canSeeBrand, type WorkspaceContext } from "@/lib/workspaces/context";
import { graceEndFrom } from "./deletion-deps";

/**
 * Schedules a brand's deletion: from now on it publishes nothing (its due stories are held), and
 * after the grace period the deletion sweep deletes it for good; until then `undoBrandDeletion`
 * restores it as it was. OWNER or ADMIN, who must type the brand's name; the edge checks a fresh
 * password first.
 */
export async function scheduleBrandDeletion(
  deps: { db: Db; now(): Date },
  ctx: WorkspaceContext,
  brandId: string,
  input: { confirmName: string },
): Promise<{ deleteAfter: Date }> {
  assertCan(ctx, "brands:manage", "delete brands");
  const brand = await deps.db.brand.findFirst({
    where: { id: brandId, workspaceId: ctx.workspaceId },
    select: { id: true, name: true, deleteAfter: true },
  });
  if (!brand || !canSeeBrand(ctx, brand.id)) throw new AppError("NOT_FOUND", "That brand does not exist.");
  if (brand.deleteAfter) throw new AppError("CONFLICT", `${brand.name} is already scheduled for deletion.`);
  if (input.confirmName.trim() !== brand.name)
    throw new AppError("INVALID_INPUT", `Type the brand's name, "${brand.name}", to confirm.`);
  const now = deps.now();
  const deleteAfter = graceEndFrom(now);
  await deps.db.$transaction(async (tx) => {
    await tx.brand.update({
      where: { id_workspaceId: { id: brand.id, workspaceId: ctx.workspaceId } },
      data: { deletionScheduledAt: now, deleteAfter, deletionRequestedById: ctx.userId },
    });
    await recordAudit(tx, ctx, {
      action: "brand.deletion_scheduled",
      entityType: "Brand",
      entityId: brand.id,
      data: { name: brand.name, deleteAfter: deleteAfter.toISOString() },
    });
  });
  return { deleteAfter };
}
