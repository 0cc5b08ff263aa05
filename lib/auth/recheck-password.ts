import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { verifyPassword } from "@/lib/users/hash-password";
import type { LoginRateLimit } from "./login-rate-limit";

/**
 * A signed-in person types their password again (before a sensitive action, or to turn off
 * two-factor sign-in). It spends the same budget as signing in, per address and per IP, so asking
 * again can never become a way around the sign-in limit. Returns the account's e-mail address, for
 * the caller's own failures to count against that budget too.
 */
export async function recheckPassword(
  deps: { db: Db; limiter: LoginRateLimit },
  input: { userId: string; password: unknown; ip: string },
): Promise<{ email: string }> {
  const user = await deps.db.user.findUnique({
    where: { id: input.userId },
    select: { email: true, passwordHash: true },
  });
  if (!user) throw new AppError("UNAUTHENTICATED", "Sign in again.");
  const wait = await deps.limiter.blockedFor(user.email, input.ip);
  if (wait > 0) {
    throw new AppError(
      "RATE_LIMITED",
      `Too many failed attempts. Try again in ${Math.ceil(wait / 60)} minutes.`,
      {
        retryAfterSeconds: wait,
      },
    );
  }
  const ok = typeof input.password === "string" && (await verifyPassword(user.passwordHash, input.password));
  if (!ok) {
    await deps.limiter.recordFailure(user.email, input.ip);
    throw new AppError("INVALID_INPUT", "password: That is not your password.", {
      fields: { password: "That is not your password." },
    });
  }
  return { email: user.email };
}
