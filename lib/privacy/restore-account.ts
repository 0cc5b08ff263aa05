import { recordAudit } from "@/lib/audit/record-audit";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

/** "Restore my account": the person signed in during the grace period and takes the deletion back. */
export async function restoreAccount(deps: { db: Db; now(): Date }, userId: string): Promise<void> {
  await deps.db.$transaction(async (tx) => {
    const restored = await tx.user.updateMany({
      where: { id: userId, deleteAfter: { gt: deps.now() } },
      data: { deletionScheduledAt: null, deleteAfter: null },
    });
    if (restored.count === 0)
      throw new AppError(
        "CONFLICT",
        "This account is not scheduled for deletion, or its grace period is over.",
      );
    const memberships = await tx.membership.findMany({ where: { userId }, select: { workspaceId: true } });

    // The workspaces scheduled with the account come back with it.
    await tx.workspace.updateMany({
      where: { id: { in: memberships.map((m) => m.workspaceId) }, deletionRequestedById: userId },
      data: { deletionScheduledAt: null, deleteAfter: null, deletionRequestedById: null },
    });
    for (const { workspaceId } of memberships) {
      await recordAudit(
        tx,
        { workspaceId, userId, apiKeyId: null },
        { action: "account.deletion_undone", entityType: "User", entityId: userId },
      );
    }
  });
}
