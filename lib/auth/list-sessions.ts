import type { Db } from "@/lib/db/client";

/** The user's live sessions (not revoked, second factor passed), most recently seen first. */
export function listSessions(db: Db, userId: string) {
  return db.userSession.findMany({
    where: { userId, revokedAt: null, secondFactorPending: false },
    orderBy: { lastSeenAt: "desc" },
    select: { id: true, ip: true, userAgent: true, createdAt: true, lastSeenAt: true },
    take: 200,
  });
}
