import type { Db } from "@/lib/db/client";

/** `lastSeenAt` is written at most this often: every request reading the row, few writing it. */
const LAST_SEEN_GRANULARITY_MS = 5 * 60_000;
/** The JWT's lifetime: a session idle for longer is over, whatever its JWT says. */
const SESSION_IDLE_MS = 30 * 24 * 3600_000;

export type ResolvedSession = {
  /** deleteAfter: set while the account is scheduled for deletion (the app then offers to restore it). */
  user: { id: string; email: string; name: string; deleteAfter: Date | null };
  session: { id: string; secondFactorPending: boolean; passwordConfirmedAt: Date | null };
};

/**
 * The user and session a JWT names, re-read on every request: null when the session row is
 * missing, revoked or belongs to someone else, or the user is gone, so revoking a session or
 * deleting an account signs the browser out on its next request. A session still waiting for its
 * second factor is returned as such: only the second-factor step may accept it.
 */
export async function resolveSession(
  db: Db,
  input: { userId: string; sessionId: string; now?: Date },
): Promise<ResolvedSession | null> {
  const now = input.now ?? new Date();
  const row = await db.userSession.findFirst({
    where: { id: input.sessionId, userId: input.userId, revokedAt: null },
    select: {
      id: true,
      secondFactorPending: true,
      passwordConfirmedAt: true,
      lastSeenAt: true,
      user: { select: { id: true, email: true, name: true, deleteAfter: true } },
    },
  });
  if (!row) return null;
  // A JWT lives 30 days (app/_lib/auth.ts) and is re-issued while in use; a row unseen for longer
  // belongs to a browser that stopped, and is refused even if its JWT were replayed.
  if (now.getTime() - row.lastSeenAt.getTime() > SESSION_IDLE_MS) return null;
  if (now.getTime() - row.lastSeenAt.getTime() > LAST_SEEN_GRANULARITY_MS) {
    // Conditional on the old value, so concurrent requests write once; a lost race is harmless.
    await db.userSession.updateMany({
      where: { id: row.id, lastSeenAt: row.lastSeenAt },
      data: { lastSeenAt: now },
    });
  }
  return {
    user: row.user,
    session: {
      id: row.id,
      secondFactorPending: row.secondFactorPending,
      passwordConfirmedAt: row.passwordConfirmedAt,
    },
  };
}
