import type { Db } from "@/lib/db/client";

/** Workspaces the user belongs to, for the switcher; oldest membership first (their own, usually). */
export async function listUserWorkspaces(db: Db, userId: string) {
  const memberships = await db.membership.findMany({
    where: { userId },
    orderBy: { createdAt: "asc" },
    select: { role: true, workspace: { select: { id: true, slug: true, name: true } } },
  });
  return memberships.map((m) => ({ ...m.workspace, role: m.role }));
}
