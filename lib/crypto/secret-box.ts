import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

export type Sealed = {
  keyId: string;
  iv: Uint8Array<ArrayBuffer>;
  authTag: Uint8Array<ArrayBuffer>;
  ciphertext: Uint8Array<ArrayBuffer>;
};

export type SecretBox = {
  /** The key new secrets are sealed with; rows under another id are re-sealed by `keys:rotate`. */
  readonly currentKeyId: string;
  seal(plaintext: string, context: string): Sealed;
  open(sealed: Sealed, context: string): string;
};

/**
 * AES-256-GCM for secrets at rest (channel tokens, webhook secrets). `context` (e.g. the
 * channel id) is bound as additional authenticated data, so a ciphertext copied onto another
 * row fails to open. Keys are looked up by id so old rows still open after a new key is added.
 */
export function createSecretBox(keys: Record<string, Buffer>, currentKeyId: string): SecretBox {
  const keyFor = (keyId: string) => {
    const key = keys[keyId];
    if (key?.length !== 32) throw new Error(`Encryption key "${keyId}" is not configured.`);
    return key;
  };
  keyFor(currentKeyId);
  return {
    currentKeyId,
    seal(plaintext, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", keyFor(currentKeyId), iv);
      cipher.setAAD(Buffer.from(context));
      const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      return {
        keyId: currentKeyId,
        iv: new Uint8Array(iv),
        authTag: new Uint8Array(cipher.getAuthTag()),
        ciphertext: new Uint8Array(ciphertext),
      };
    },
    open(sealed, context) {
      const decipher = createDecipheriv("aes-256-gcm", keyFor(sealed.keyId), sealed.iv);
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(sealed.authTag);
      return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]).toString("utf8");
    },
  };
}

/**
 * The box for this process's configuration: seals with ENCRYPTION_KEY under ENCRYPTION_KEY_ID and
 * also opens what the keys of ENCRYPTION_PREVIOUS_KEYS sealed, so a rotation needs no downtime
 * (docs/decisions/031-account-security.md).
 */
export function secretBoxFromEnv(config: {
  ENCRYPTION_KEY: string;
  ENCRYPTION_KEY_ID: string;
  ENCRYPTION_PREVIOUS_KEYS?: Record<string, string>;
}): SecretBox {
  const keys: Record<string, Buffer> = {};
  for (const [id, key] of Object.entries(config.ENCRYPTION_PREVIOUS_KEYS ?? {}))
    keys[id] = Buffer.from(key, "base64");
  keys[config.ENCRYPTION_KEY_ID] = Buffer.from(config.ENCRYPTION_KEY, "base64");
  return createSecretBox(keys, config.ENCRYPTION_KEY_ID);
}
