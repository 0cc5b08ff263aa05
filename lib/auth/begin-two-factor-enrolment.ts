import type { SecretBox } from "@/lib/crypto/secret-box";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { newTotpSecret, totpUri } from "./totp";
import { totpSecretContext } from "./two-factor-secret";

/**
 * Starts (or restarts) two-factor enrolment: a new secret, sealed at rest, that counts for
 * nothing until confirmed with a code from the app. Returns the secret for the QR code and the
 * text beside it, shown once on the page that asked.
 */
export async function beginTwoFactorEnrolment(
  deps: { db: Db; box: SecretBox },
  user: { id: string; email: string },
): Promise<{ secret: string; uri: string }> {
  const existing = await deps.db.userTwoFactor.findUnique({
    where: { userId: user.id },
    select: { enabledAt: true },
  });
  if (existing?.enabledAt) {
    throw new AppError("CONFLICT", "Two-factor sign-in is already on. Turn it off first to use another app.");
  }
  const secret = newTotpSecret();
  const sealed = deps.box.seal(secret, totpSecretContext(user.id));
  await deps.db.userTwoFactor.upsert({
    where: { userId: user.id },
    create: { userId: user.id, ...sealed, enabledAt: null, lastUsedStep: null },
    update: { ...sealed, enabledAt: null, lastUsedStep: null },
  });
  return { secret, uri: totpUri(user.email, secret) };
}
