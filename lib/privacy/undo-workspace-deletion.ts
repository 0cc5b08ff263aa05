import { recordAudit } from "@/lib/audit/record-audit";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { WorkspaceContext } from "@/lib/workspaces/context";

/** Takes the workspace's scheduled deletion back during the grace period (OWNER only). */
export async function undoWorkspaceDeletion(deps: { db: Db; now(): Date }, ctx: WorkspaceContext) {
  if (ctx.role !== "OWNER")
    throw new AppError(
      "FORBIDDEN",
      `Your role (${ctx.role.toLowerCase()}) cannot undo the workspace's deletion.`,
    );
  await deps.db.$transaction(async (tx) => {
    const undone = await tx.workspace.updateMany({
      where: { id: ctx.workspaceId, deleteAfter: { gt: deps.now() } },
      data: { deletionScheduledAt: null, deleteAfter: null, deletionRequestedById: null },
    });
    if (undone.count === 0)
      throw new AppError(
        "CONFLICT",
        "This workspace is not scheduled for deletion, or its grace period is over.",
      );
    await recordAudit(tx, ctx, {
      action: "workspace.deletion_undone",
      entityType: "Workspace",
      entityId: ctx.workspaceId,
    });
  });
}
