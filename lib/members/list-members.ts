import type { Db } from "@/lib/db/client";
import { assertCan, assertNotClientMember, type WorkspaceContext } from "@/lib/workspaces/context";
import { inviteStatus } from "./find-invite";

/** Members and pending invites of the workspace, for the members page. */
export async function listMembers(db: Db, ctx: WorkspaceContext, now: Date = new Date()) {
  assertCan(ctx, "stories:view", "see members");
  assertNotClientMember(ctx, "see members");
  const [members, invites] = await Promise.all([
    db.membership.findMany({
      where: { workspaceId: ctx.workspaceId },
      orderBy: { createdAt: "asc" },
      select: {
        id: true,
        role: true,
        limitedToBrands: true,
        createdAt: true,
        user: { select: { id: true, name: true, email: true } },
        brands: { select: { brand: { select: { id: true, name: true } } } },
      },
    }),
    db.invite.findMany({
      where: { workspaceId: ctx.workspaceId, acceptedAt: null, revokedAt: null },
      orderBy: { createdAt: "desc" },
      select: { id: true, email: true, role: true, brandIds: true, expiresAt: true, createdAt: true },
    }),
  ]);
  return {
    members: members.map((m) => ({ ...m, brands: m.brands.map((b) => b.brand) })),
    invites: invites.map((i) => ({
      ...i,
      status: inviteStatus({ ...i, acceptedAt: null, revokedAt: null }, now),
    })),
  };
}
