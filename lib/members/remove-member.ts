import { recordAudit } from "@/lib/audit/record-audit";
import type { Db } from "@/lib/db/client";
import type { WorkspaceContext } from "@/lib/workspaces/context";
import { assertOwnerRemains, manageableMembership } from "./membership-guards";

/** Takes a member out of the workspace; their stories stay, attributed to them. */
export async function removeMember(db: Db, ctx: WorkspaceContext, membershipId: string) {
  await db.$transaction(async (tx) => {
    const membership = await manageableMembership(tx, ctx, membershipId);
    await assertOwnerRemains(tx, ctx, membership);
    await tx.membership.delete({
      where: { id_workspaceId: { id: membershipId, workspaceId: ctx.workspaceId } },
    });
    await recordAudit(tx, ctx, {
      action: "member.remove",
      entityType: "Membership",
      entityId: membershipId,
      data: { userId: membership.userId },
    });
  });
}
