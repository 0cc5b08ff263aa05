import type { SecretBox } from "@/lib/crypto/secret-box";
import type { Db } from "@/lib/db/client";
import { hashRecoveryCode, looksLikeRecoveryCode, totpStep } from "./totp";
import { readTwoFactor } from "./two-factor-secret";

/**
 * Checks and spends a second factor: a TOTP code (its step is recorded, so it cannot be replayed)
 * or a recovery code (marked used). Both are spent with a conditional update, so two requests
 * racing with the same code cannot both pass. Returns which kind passed, or null.
 */
export async function spendSecondFactor(
  deps: { db: Db; box: SecretBox },
  userId: string,
  code: string,
): Promise<"totp" | "recovery" | null> {
  const twoFactor = await readTwoFactor(deps.db, deps.box, userId);
  if (!twoFactor?.enabledAt) return null;
  if (looksLikeRecoveryCode(code)) {
    const { count } = await deps.db.recoveryCode.updateMany({
      where: { userId, codeHash: hashRecoveryCode(code), usedAt: null },
      data: { usedAt: new Date() },
    });
    return count === 1 ? "recovery" : null;
  }
  const step = await totpStep(twoFactor.secret, code, twoFactor.lastUsedStep);
  if (step === null) return null;
  const { count } = await deps.db.userTwoFactor.updateMany({
    where: {
      userId,
      OR: [{ lastUsedStep: null }, { lastUsedStep: { lt: step } }],
    },
    data: { lastUsedStep: step },
  });
  return count === 1 ? "totp" : null;
}
