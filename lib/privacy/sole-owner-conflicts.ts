import type { DbOrTx } from "@/lib/db/client";

/**
 * Workspaces that would be left without an owner if this person's account went: they are its only
 * OWNER and someone else is a member. Their ownership must be handed over first.
 */
export async function soleOwnerConflicts(
  db: DbOrTx,
  userId: string,
): Promise<{ id: string; name: string }[]> {
  const owned = await db.membership.findMany({
    where: { userId, role: "OWNER" },
    select: {
      workspace: {
        select: {
          id: true,
          name: true,
          memberships: { where: { userId: { not: userId } }, select: { role: true } },
        },
      },
    },
  });
  return owned
    .map((m) => m.workspace)
    .filter((w) => w.memberships.length > 0 && !w.memberships.some((other) => other.role === "OWNER"))
    .map(({ id, name }) => ({ id, name }));
}
