import type { SecretBox } from "@/lib/crypto/secret-box";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { verifyPassword } from "@/lib/users/hash-password";
import { spendSecondFactor } from "./check-second-factor";
import type { LoginRateLimit } from "./login-rate-limit";

/**
 * Turns two-factor sign-in off. Someone who found an unlocked browser has neither the password
 * nor the phone, so both are asked for; wrong answers count against the sign-in budget.
 */
export async function disableTwoFactor(
  deps: { db: Db; box: SecretBox; limiter: LoginRateLimit },
  input: { userId: string; password: unknown; code: unknown; ip: string },
): Promise<void> {
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
  const passwordOk =
    typeof input.password === "string" && (await verifyPassword(user.passwordHash, input.password));
  if (!passwordOk) {
    await deps.limiter.recordFailure(user.email, input.ip);
    throw new AppError("INVALID_INPUT", "password: That is not your password.", {
      fields: { password: "That is not your password." },
    });
  }
  const code = typeof input.code === "string" ? input.code.trim().slice(0, 40) : "";
  if (!code || !(await spendSecondFactor(deps, input.userId, code))) {
    await deps.limiter.recordFailure(user.email, input.ip);
    throw new AppError("INVALID_INPUT", "code: That code is not right.", {
      fields: { code: "That code is not right." },
    });
  }
  await deps.db.$transaction([
    deps.db.userTwoFactor.deleteMany({ where: { userId: input.userId } }),
    deps.db.recoveryCode.deleteMany({ where: { userId: input.userId } }),
  ]);
}
