import { recordAudit } from "@/lib/audit/record-audit";
import type { HardDeleteDeps } from "./deletion-deps";
import { hardDeleteWorkspace } from "./hard-delete-workspace";
import { purgeQueuedJobs } from "./purge-queued-jobs";
import { purgeRedisKeys } from "./purge-redis-keys";
import { soleOwnerConflicts } from "./sole-owner-conflicts";

export type AccountDeleteReport = {
  status: "deleted" | "gone" | "refused";
  workspacesDeleted: number;
  reason?: string;
};

/**
 * Deletes an account for good: the workspaces where it is the only member go with it
 * (hardDeleteWorkspace each), then the User row, whose cascade ends its memberships, sessions,
 * notices and two-factor secrets; what it wrote elsewhere stays, credited to "a deleted account"
 * (ON DELETE SET NULL, which the audit trigger allows). Mail queued to its address and its
 * sign-in counters go too. Refused, and left scheduled, if it became the only owner of a workspace
 * with other members during the grace period: the owners must settle that first.
 */
export async function hardDeleteAccount(
  deps: HardDeleteDeps,
  target: { userId: string },
): Promise<AccountDeleteReport> {
  const user = await deps.db.user.findUnique({
    where: { id: target.userId },
    select: { id: true, email: true, memberships: { select: { workspaceId: true } } },
  });
  if (!user) return { status: "gone", workspacesDeleted: 0 };
  const conflicts = await soleOwnerConflicts(deps.db, user.id);
  if (conflicts.length > 0) {
    const reason = `only owner of ${conflicts.map((c) => c.name).join(", ")}, which have other members`;
    deps.logger.warn({ userId: user.id, reason }, "account deletion postponed");
    return { status: "refused", workspacesDeleted: 0, reason };
  }
  let workspacesDeleted = 0;
  for (const { workspaceId } of user.memberships) {
    const members = await deps.db.membership.count({ where: { workspaceId } });
    if (members !== 1) continue;
    await hardDeleteWorkspace(deps, { workspaceId });
    workspacesDeleted += 1;
  }
  const ids = new Set([user.id, user.email]);
  await purgeQueuedJobs(deps, ids);
  await deps.afterExternalCleanup?.();
  await deps.db.$transaction(async (tx) => {
    const remaining = await tx.membership.findMany({
      where: { userId: user.id },
      select: { workspaceId: true },
    });
    // Each workspace it leaves records that a member's account was deleted (no name: it is gone).
    for (const { workspaceId } of remaining) {
      await recordAudit(
        tx,
        { workspaceId, userId: null, apiKeyId: null },
        { action: "account.deleted", entityType: "User", entityId: user.id },
      );
    }
    await tx.user.delete({ where: { id: user.id } });
  });
  await purgeRedisKeys(deps, ids);
  deps.logger.info({ userId: user.id, workspacesDeleted }, "account deleted for good");
  return { status: "deleted", workspacesDeleted };
}
