import type { SecretBox } from "@/lib/crypto/secret-box";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { spendSecondFactor } from "./check-second-factor";
import type { LoginRateLimit } from "./login-rate-limit";
import { recheckPassword } from "./recheck-password";

/**
 * Turns two-factor sign-in off. Someone who found an unlocked browser has neither the password
 * nor the phone, so both are asked for; wrong answers count against the sign-in budget.
 */
export async function disableTwoFactor(
  deps: { db: Db; box: SecretBox; limiter: LoginRateLimit },
  input: { userId: string; password: unknown; code: unknown; ip: string },
): Promise<void> {
  const { email } = await recheckPassword(deps, input);
  const code = typeof input.code === "string" ? input.code.trim().slice(0, 40) : "";
  if (!code || !(await spendSecondFactor(deps, input.userId, code))) {
    await deps.limiter.recordFailure(email, input.ip);
    throw new AppError("INVALID_INPUT", "code: That code is not right.", {
      fields: { code: "That code is not right." },
    });
  }
  await deps.db.$transaction([
    deps.db.userTwoFactor.deleteMany({ where: { userId: input.userId } }),
    deps.db.recoveryCode.deleteMany({ where: { userId: input.userId } }),
  ]);
}
