import { recordSignIn } from "@/lib/audit/record-sign-in";
import type { RequestOrigin } from "@/lib/audit/request-origin";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { burnPasswordCheck, verifyPassword } from "@/lib/users/hash-password";
import { signInSchema } from "@/lib/users/schemas";
import type { LoginRateLimit } from "./login-rate-limit";

/**
 * Checks an e-mail and password. Wrong address and wrong password give the same answer in the
 * same time; after too many failures the answer is RATE_LIMITED until the window frees, even for
 * the right password, so guessing cannot go on in the background.
 */
export async function verifyCredentials(
  deps: { db: Db; limiter: LoginRateLimit },
  input: { email: unknown; password: unknown; ip: string; origin?: RequestOrigin | null },
): Promise<{ id: string; email: string; name: string }> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) throw new AppError("UNAUTHENTICATED", "Enter your e-mail address and password.");
  const { email, password } = parsed.data;

  const wait = await deps.limiter.blockedFor(email, input.ip);
  if (wait > 0) {
    throw new AppError(
      "RATE_LIMITED",
      `Too many failed sign-ins. Try again in ${Math.ceil(wait / 60)} minute${wait > 60 ? "s" : ""}.`,
      { retryAfterSeconds: wait },
    );
  }

  const user = await deps.db.user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, passwordHash: true },
  });
  let ok = false;
  if (user) ok = await verifyPassword(user.passwordHash, password);
  else await burnPasswordCheck(password);
  if (!user || !ok) {
    await deps.limiter.recordFailure(email, input.ip);
    // Audited per failure, which the limiter bounds; attempts while blocked are not, or anyone
    // could grow a workspace's trail without end by hammering a member's address.
    if (user) await recordSignIn(deps.db, { email, outcome: "wrong_password", origin: input.origin ?? null });
    throw new AppError("UNAUTHENTICATED", "That e-mail and password don't match an account.");
  }
  await deps.limiter.recordSuccess(email);
  // With two-factor sign-in on, the password alone signs nobody in: the code is the sign-in.
  const twoFactor = await deps.db.userTwoFactor.findUnique({
    where: { userId: user.id },
    select: { enabledAt: true },
  });
  await recordSignIn(deps.db, {
    email,
    outcome: twoFactor?.enabledAt ? "password_accepted" : "signed_in",
    origin: input.origin ?? null,
  });
  return { id: user.id, email: user.email, name: user.name };
}
