import { recordAudit } from "@/lib/audit/record-audit";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { WorkspaceContext } from "@/lib/workspaces/context";
import { graceEndFrom } from "./deletion-deps";

/**
 * Schedules the whole workspace's deletion (OWNER only, typing its name; the edge checks a fresh
 * password): it publishes nothing from now on, and the sweep deletes it for good after the grace
 * period unless an owner undoes it.
 */
export async function scheduleWorkspaceDeletion(
  deps: { db: Db; now(): Date },
  ctx: WorkspaceContext,
  input: { confirmName: string },
): Promise<{ deleteAfter: Date }> {
  if (ctx.role !== "OWNER")
    throw new AppError("FORBIDDEN", `Your role (${ctx.role.toLowerCase()}) cannot delete the workspace.`);
  const workspace = await deps.db.workspace.findUniqueOrThrow({
    where: { id: ctx.workspaceId },
    select: { name: true, deleteAfter: true },
  });
  if (workspace.deleteAfter)
    throw new AppError("CONFLICT", "This workspace is already scheduled for deletion.");
  if (input.confirmName.trim() !== workspace.name)
    throw new AppError("INVALID_INPUT", `Type the workspace's name, "${workspace.name}", to confirm.`);
  const now = deps.now();
  const deleteAfter = graceEndFrom(now);
  await deps.db.$transaction(async (tx) => {
    await tx.workspace.update({
      where: { id: ctx.workspaceId },
      data: { deletionScheduledAt: now, deleteAfter, deletionRequestedById: ctx.userId },
    });
    await recordAudit(tx, ctx, {
      action: "workspace.deletion_scheduled",
      entityType: "Workspace",
      entityId: ctx.workspaceId,
      data: { deleteAfter: deleteAfter.toISOString() },
    });
  });
  return { deleteAfter };
}
