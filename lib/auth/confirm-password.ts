import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { LoginRateLimit } from "./login-rate-limit";
import { recheckPassword } from "./recheck-password";

/** How long a re-typed password opens sensitive actions in this browser. */
export const FRESH_PASSWORD_MS = 10 * 60_000;

/**
 * "Confirm your password": records on this session that the person re-typed it, which sensitive
 * actions (assertFreshPassword) need within the last ten minutes. Wrong passwords count against
 * the sign-in budget, so this cannot become a way around it.
 */
export async function confirmPassword(
  deps: { db: Db; limiter: LoginRateLimit },
  input: { userId: string; sessionId: string; password: unknown; ip: string },
): Promise<void> {
  await recheckPassword(deps, input);
  const { count } = await deps.db.userSession.updateMany({
    where: { id: input.sessionId, userId: input.userId, revokedAt: null, secondFactorPending: false },
    data: { passwordConfirmedAt: new Date() },
  });
  if (count === 0) throw new AppError("UNAUTHENTICATED", "Sign in again: this session has ended.");
}

/** Whether this session's password check is recent enough for a sensitive action. */
export function isPasswordFresh(passwordConfirmedAt: Date | null, now = new Date()): boolean {
  return passwordConfirmedAt !== null && now.getTime() - passwordConfirmedAt.getTime() < FRESH_PASSWORD_MS;
}

/**
 * Refuses a sensitive action (turning off two-factor, creating an API key, changing a role,
 * deleting, exporting) unless the password was confirmed in this session within ten minutes.
 * Read from the database, not the JWT, so the answer is the server's.
 */
export async function assertFreshPassword(
  db: Db,
  session: { userId: string; sessionId: string },
  doing: string,
  now = new Date(),
): Promise<void> {
  const row = await db.userSession.findFirst({
    where: { id: session.sessionId, userId: session.userId, revokedAt: null, secondFactorPending: false },
    select: { passwordConfirmedAt: true },
  });
  if (!row || !isPasswordFresh(row.passwordConfirmedAt, now)) {
    throw new AppError(
      "FORBIDDEN",
      `Confirm your password to ${doing}: it is asked again for sensitive actions after 10 minutes.`,
    );
  }
}
