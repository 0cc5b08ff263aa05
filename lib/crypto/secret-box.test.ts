import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createSecretBox, secretBoxFromEnv } from "./secret-box";

const keyA = randomBytes(32);
const keyB = randomBytes(32);

describe("secret box", () => {
  it("round-trips and never stores the plaintext", () => {
    const box = createSecretBox({ a: keyA }, "a");
    const sealed = box.seal("EAAB-token-123", "channel-1");
    expect(Buffer.from(sealed.ciphertext).toString("utf8")).not.toContain("token");
    expect(box.open(sealed, "channel-1")).toBe("EAAB-token-123");
  });

  it("uses a fresh IV every time", () => {
    const box = createSecretBox({ a: keyA }, "a");
    const one = box.seal("same", "c");
    const two = box.seal("same", "c");
    expect(Buffer.from(one.iv).equals(Buffer.from(two.iv))).toBe(false);
    expect(Buffer.from(one.ciphertext).equals(Buffer.from(two.ciphertext))).toBe(false);
  });

  it("refuses a ciphertext moved to another row", () => {
    const box = createSecretBox({ a: keyA }, "a");
    const sealed = box.seal("secret", "channel-1");
    expect(() => box.open(sealed, "channel-2")).toThrow();
  });

  it("refuses a tampered ciphertext", () => {
    const box = createSecretBox({ a: keyA }, "a");
    const sealed = box.seal("secret", "c");
    sealed.ciphertext[0] = (sealed.ciphertext[0] ?? 0) ^ 1;
    expect(() => box.open(sealed, "c")).toThrow();
  });

  it("opens rows sealed with an older key after rotation", () => {
    const old = createSecretBox({ a: keyA }, "a").seal("secret", "c");
    const rotated = createSecretBox({ a: keyA, b: keyB }, "b");
    expect(rotated.open(old, "c")).toBe("secret");
    expect(rotated.seal("new", "c").keyId).toBe("b");
  });

  it("fails clearly for an unknown key id", () => {
    expect(() => createSecretBox({ a: keyA }, "missing")).toThrow(/"missing" is not configured/);
  });

  it("from the environment, opens with ENCRYPTION_PREVIOUS_KEYS and seals with ENCRYPTION_KEY only", () => {
    const old = createSecretBox({ k1: keyA }, "k1").seal("secret", "c");
    const box = secretBoxFromEnv({
      ENCRYPTION_KEY: keyB.toString("base64"),
      ENCRYPTION_KEY_ID: "k2",
      ENCRYPTION_PREVIOUS_KEYS: { k1: keyA.toString("base64") },
    });
    expect(box.currentKeyId).toBe("k2");
    expect(box.open(old, "c")).toBe("secret");
    expect(box.seal("new", "c").keyId).toBe("k2");
  });
});
