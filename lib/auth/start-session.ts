import type { Db } from "@/lib/db/client";

/** Longest user agent kept: enough to tell browsers apart on the sessions page. */
const MAX_USER_AGENT = 300;

/**
 * Records a browser that just passed the password (docs/decisions/031-account-security.md). The
 * row's id goes into the JWT, which is worth nothing without the row. A user with two-factor
 * sign-in gets a session that waits for the second factor: it opens no page until the code passes.
 */
export async function startSession(
  db: Db,
  input: { userId: string; ip: string; userAgent: string },
): Promise<{ id: string; secondFactorPending: boolean }> {
  const twoFactor = await db.userTwoFactor.findUnique({
    where: { userId: input.userId },
    select: { enabledAt: true },
  });
  return db.userSession.create({
    data: {
      userId: input.userId,
      ip: input.ip.slice(0, 100),
      userAgent: input.userAgent.slice(0, MAX_USER_AGENT),
      secondFactorPending: Boolean(twoFactor?.enabledAt),
      // The password was typed just now: as fresh as a confirmation (verifySecondFactor sets it
      // when there is a second step).
      passwordConfirmedAt: twoFactor?.enabledAt ? null : new Date(),
    },
    select: { id: true, secondFactorPending: true },
  });
}
