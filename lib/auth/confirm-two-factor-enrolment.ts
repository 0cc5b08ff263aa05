import type { SecretBox } from "@/lib/crypto/secret-box";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { hashRecoveryCode, newRecoveryCodes, totpStep } from "./totp";
import { readTwoFactor } from "./two-factor-secret";

/**
 * Turns two-factor sign-in on once the person proves their app shows the right code. Returns ten
 * recovery codes, stored only as hashes: this answer is the one time they are seen.
 */
export async function confirmTwoFactorEnrolment(
  deps: { db: Db; box: SecretBox },
  userId: string,
  code: unknown,
): Promise<{ recoveryCodes: string[] }> {
  const pending = await readTwoFactor(deps.db, deps.box, userId);
  if (!pending) throw new AppError("NOT_FOUND", "Start setting up two-factor sign-in first.");
  if (pending.enabledAt) throw new AppError("CONFLICT", "Two-factor sign-in is already on.");
  const step = typeof code === "string" ? await totpStep(pending.secret, code, null) : null;
  if (step === null) {
    throw new AppError(
      "INVALID_INPUT",
      "code: That code is not right. Enter the 6 digits your app shows now.",
      {
        fields: { code: "That code is not right. Enter the 6 digits your app shows now." },
      },
    );
  }
  const recoveryCodes = newRecoveryCodes();
  await deps.db.$transaction(async (tx) => {
    const { count } = await tx.userTwoFactor.updateMany({
      where: { userId, enabledAt: null },
      data: { enabledAt: new Date(), lastUsedStep: step },
    });
    if (count === 0) throw new AppError("CONFLICT", "Two-factor sign-in is already on.");
    await tx.recoveryCode.deleteMany({ where: { userId } });
    await tx.recoveryCode.createMany({
      data: recoveryCodes.map((c) => ({ userId, codeHash: hashRecoveryCode(c) })),
    });
  });
  return { recoveryCodes };
}
