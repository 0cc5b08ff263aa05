import { recordAudit } from "@/lib/audit/record-audit";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";

/** Withdraws an invite that has not been used; its link stops working at once. */
export async function revokeInvite(db: Db, ctx: WorkspaceContext, inviteId: string) {
  assertCan(ctx, "members:manage", "withdraw invites");
  await db.$transaction(async (tx) => {
    const revoked = await tx.invite.updateMany({
      where: { id: inviteId, workspaceId: ctx.workspaceId, acceptedAt: null, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (revoked.count !== 1)
      throw new AppError("NOT_FOUND", "This invite does not exist or was already used.");
    await recordAudit(tx, ctx, { action: "member.invite.revoke", entityType: "Invite", entityId: inviteId });
  });
}
