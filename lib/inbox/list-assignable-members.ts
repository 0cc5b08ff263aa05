import { can, isRole } from "@/lib/core/roles";
import type { Db } from "@/lib/db/client";
import type { WorkspaceContext } from "@/lib/workspaces/context";
import { assertInboxReader } from "./inbox-access";

/** Members a conversation of `brandId` may be assigned to: those who may answer and see the brand. */
export async function listAssignableMembers(db: Db, ctx: WorkspaceContext, brandId: string) {
  assertInboxReader(ctx);
  const memberships = await db.membership.findMany({
    where: { workspaceId: ctx.workspaceId },
    select: {
      role: true,
      limitedToBrands: true,
      brands: { select: { brandId: true } },
      user: { select: { id: true, name: true } },
    },
    orderBy: { user: { name: "asc" } },
  });
  return memberships
    .filter(
      (m) =>
        isRole(m.role) &&
        can(m.role, "inbox:reply") &&
        (!m.limitedToBrands || m.brands.some((b) => b.brandId === brandId)),
    )
    .map((m) => m.user);
}
