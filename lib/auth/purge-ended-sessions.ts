import type { Db } from "@/lib/db/client";

const DAY_MS = 24 * 3600_000;

/**
 * Deletes session rows that can never open anything again, so the table stays the size of the
 * signed-in browsers: revoked a week ago or more, a second step abandoned for a day, or not seen
 * for longer than a JWT lives (30 days; its row is refused by then anyway). For a periodic sweep.
 * Returns how many went.
 */
export async function purgeEndedSessions(db: Db, now = new Date()): Promise<number> {
  const { count } = await db.userSession.deleteMany({
    where: {
      OR: [
        { revokedAt: { lt: new Date(now.getTime() - 7 * DAY_MS) } },
        { secondFactorPending: true, createdAt: { lt: new Date(now.getTime() - DAY_MS) } },
        { lastSeenAt: { lt: new Date(now.getTime() - 30 * DAY_MS) } },
      ],
    },
  });
  return count;
}
