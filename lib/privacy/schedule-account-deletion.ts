import { recordAudit } from "@/lib/audit/record-audit";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { graceEndFrom } from "./deletion-deps";
import { soleOwnerConflicts } from "./sole-owner-conflicts";

/**
 * A person schedules their own account's deletion, typing their e-mail address (the edge checks a
 * fresh password). Refused while they are the only owner of a workspace with other members. Every
 * session ends at once; signing in during the grace period offers "restore my account", and after
 * it the sweep deletes the account with the workspaces where it is the only member.
 */
export async function scheduleAccountDeletion(
  deps: { db: Db; now(): Date },
  userId: string,
  input: { confirmEmail: string },
): Promise<{ deleteAfter: Date }> {
  const user = await deps.db.user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, deleteAfter: true, memberships: { select: { workspaceId: true } } },
  });
  if (!user) throw new AppError("NOT_FOUND", "That account does not exist.");
  if (user.deleteAfter) throw new AppError("CONFLICT", "Your account is already scheduled for deletion.");
  if (input.confirmEmail.trim().toLowerCase() !== user.email)
    throw new AppError("INVALID_INPUT", `Type your e-mail address, ${user.email}, to confirm.`);
  const conflicts = await soleOwnerConflicts(deps.db, user.id);
  if (conflicts.length > 0)
    throw new AppError(
      "CONFLICT",
      `You are the only owner of ${conflicts.map((c) => `"${c.name}"`).join(", ")}, which ${conflicts.length === 1 ? "has" : "have"} other members. Make another member an owner (or remove them) first.`,
    );
  const now = deps.now();
  const deleteAfter = graceEndFrom(now);
  await deps.db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { deletionScheduledAt: now, deleteAfter } });
    await tx.userSession.updateMany({
      where: { userId: user.id, revokedAt: null },
      data: { revokedAt: now },
    });
    // The workspaces where they are the only member go with them: held from now on like any
    // workspace scheduled for deletion (nothing publishes), restored with the account.
    await tx.workspace.updateMany({
      where: {
        id: { in: user.memberships.map((m) => m.workspaceId) },
        deleteAfter: null,
        memberships: { every: { userId: user.id } },
      },
      data: { deletionScheduledAt: now, deleteAfter, deletionRequestedById: user.id },
    });
    for (const { workspaceId } of user.memberships) {
      await recordAudit(
        tx,
        { workspaceId, userId: user.id, apiKeyId: null },
        {
          action: "account.deletion_scheduled",
          entityType: "User",
          entityId: user.id,
          data: { deleteAfter: deleteAfter.toISOString() },
        },
      );
    }
  });
  return { deleteAfter };
}
