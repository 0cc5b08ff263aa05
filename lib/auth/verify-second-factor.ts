import { recordSignIn } from "@/lib/audit/record-sign-in";
import type { RequestOrigin } from "@/lib/audit/request-origin";
import type { SecretBox } from "@/lib/crypto/secret-box";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { spendSecondFactor } from "./check-second-factor";
import type { LoginRateLimit } from "./login-rate-limit";

/** How long after the password the code may come. */
const SECOND_STEP_MS = 15 * 60_000;

/**
 * The second step of signing in: a code from the app (or a recovery code) turns the session the
 * password started into a full one. Failures count against the same budget as wrong passwords
 * (per address and per IP), so the six digits cannot be guessed in the background.
 */
export async function verifySecondFactor(
  deps: { db: Db; box: SecretBox; limiter: LoginRateLimit },
  input: {
    userId: string;
    email: string;
    sessionId: string;
    code: unknown;
    ip: string;
    /** Where the request came from, for the audit trail. */
    origin?: RequestOrigin | null;
  },
): Promise<{ used: "totp" | "recovery" }> {
  const wait = await deps.limiter.blockedFor(input.email, input.ip);
  if (wait > 0) {
    throw new AppError(
      "RATE_LIMITED",
      `Too many wrong codes. Try again in ${Math.ceil(wait / 60)} minute${wait > 60 ? "s" : ""}.`,
      { retryAfterSeconds: wait },
    );
  }
  const session = await deps.db.userSession.findFirst({
    where: {
      id: input.sessionId,
      userId: input.userId,
      revokedAt: null,
      secondFactorPending: true,
      // The password opens the second step for a while only: then it is asked again.
      createdAt: { gt: new Date(Date.now() - SECOND_STEP_MS) },
    },
    select: { id: true },
  });
  if (!session) throw new AppError("UNAUTHENTICATED", "Sign in again: this sign-in has ended.");
  const code = typeof input.code === "string" ? input.code.trim().slice(0, 40) : "";
  const used = code ? await spendSecondFactor(deps, input.userId, code) : null;
  if (!used) {
    await deps.limiter.recordFailure(input.email, input.ip);
    await recordSignIn(deps.db, { email: input.email, outcome: "wrong_code", origin: input.origin ?? null });
    const message = "That code is not right. Enter the 6 digits your app shows now, or a recovery code.";
    throw new AppError("INVALID_INPUT", `code: ${message}`, { fields: { code: message } });
  }
  await deps.limiter.recordSuccess(input.email);
  await deps.db.userSession.update({
    where: { id: session.id },
    // Passing both factors just now is as fresh as a password check gets.
    data: { secondFactorPending: false, passwordConfirmedAt: new Date() },
  });
  await recordSignIn(deps.db, { email: input.email, outcome: "signed_in", origin: input.origin ?? null });
  return { used };
}
