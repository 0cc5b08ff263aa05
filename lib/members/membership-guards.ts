import { assignableRoles } from "@/lib/core/roles";
import type { DbOrTx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";

/** The membership, if it is in the caller's workspace and the caller may change it. */
export async function manageableMembership(db: DbOrTx, ctx: WorkspaceContext, membershipId: string) {
  assertCan(ctx, "members:manage", "change members");
  const membership = await db.membership.findFirst({
    where: { id: membershipId, workspaceId: ctx.workspaceId },
    select: { id: true, role: true, userId: true },
  });
  if (!membership) throw new AppError("NOT_FOUND", "This member does not exist in this workspace.");
  if (!assignableRoles(ctx.role).includes(membership.role)) {
    throw new AppError("FORBIDDEN", `Only owners can change an ${membership.role.toLowerCase()}.`);
  }
  return membership;
}

/** A workspace must keep an owner: refuses a change that would leave it without one. */
export async function assertOwnerRemains(
  db: DbOrTx,
  ctx: WorkspaceContext,
  changing: { id: string; role: string },
) {
  if (changing.role !== "OWNER") return;
  const owners = await db.membership.count({ where: { workspaceId: ctx.workspaceId, role: "OWNER" } });
  if (owners <= 1)
    throw new AppError("CONFLICT", "A workspace needs at least one owner. Make someone else owner first.");
}
