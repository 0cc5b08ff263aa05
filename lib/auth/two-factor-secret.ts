import type { SecretBox } from "@/lib/crypto/secret-box";
import type { Db } from "@/lib/db/client";

/** The AAD a user's TOTP secret is sealed with: copied onto another user's row, it fails to open. */
export const totpSecretContext = (userId: string) => `user-totp:${userId}`;

/** The user's TOTP row with its secret opened, or null when there is none. */
export async function readTwoFactor(db: Db, box: SecretBox, userId: string) {
  const row = await db.userTwoFactor.findUnique({ where: { userId } });
  if (!row) return null;
  const secret = box.open(
    { keyId: row.keyId, iv: row.iv, authTag: row.authTag, ciphertext: row.ciphertext },
    totpSecretContext(userId),
  );
  return { secret, enabledAt: row.enabledAt, lastUsedStep: row.lastUsedStep };
}
