import type { Db } from "@/lib/db/client";

/**
 * "Sign out everywhere": revokes every session of the user, or every one but `exceptSessionId`
 * (the browser asking, so it stays signed in). Returns how many were ended.
 */
export async function revokeAllSessions(
  db: Db,
  userId: string,
  options: { exceptSessionId?: string } = {},
): Promise<number> {
  const { count } = await db.userSession.updateMany({
    where: {
      userId,
      revokedAt: null,
      ...(options.exceptSessionId ? { id: { not: options.exceptSessionId } } : {}),
    },
    data: { revokedAt: new Date() },
  });
  return count;
}
