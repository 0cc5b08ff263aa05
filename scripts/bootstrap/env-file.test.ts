import { parseEnv } from "node:util";
import { describe, expect, it } from "vitest";
import { applyMissing, generateMissingSecrets, textToAppend } from "./env-file.mjs";

describe("applyMissing", () => {
  it("lets values already in the environment win over .env", () => {
    const env: Record<string, string | undefined> = { PORT: "4000" };
    const applied = applyMissing(env, { PORT: "3000", REDIS_URL: "redis://cache:6379" });
    expect(env).toEqual({ PORT: "4000", REDIS_URL: "redis://cache:6379" });
    expect(applied).toEqual(["REDIS_URL"]);
  });

  it("treats an empty value in the environment as unset, like lib/env.ts does", () => {
    const env: Record<string, string | undefined> = { AUTH_SECRET: "" };
    applyMissing(env, { AUTH_SECRET: "from-file" });
    expect(env.AUTH_SECRET).toBe("from-file");
  });
});

describe("generateMissingSecrets", () => {
  const fixedRandom = (size: number) => Buffer.alloc(size, 0xab);

  it("generates the secrets for a new installation, in the formats lib/env.ts accepts", () => {
    const secrets = generateMissingSecrets({}, fixedRandom);
    expect(Object.keys(secrets)).toEqual(["AUTH_SECRET", "ENCRYPTION_KEY", "META_WEBHOOK_VERIFY_TOKEN"]);
    expect(secrets.META_WEBHOOK_VERIFY_TOKEN).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(secrets.AUTH_SECRET?.length).toBeGreaterThanOrEqual(32);
    expect(secrets.AUTH_SECRET).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(secrets.ENCRYPTION_KEY ?? "", "base64")).toHaveLength(32);
  });

  it("never replaces a secret that exists, or stored credentials would become unreadable", () => {
    const kept = { ENCRYPTION_KEY: "kept", META_WEBHOOK_VERIFY_TOKEN: "kept-token" };
    expect(generateMissingSecrets({ ...kept, AUTH_SECRET: "a".repeat(40) })).toEqual({});
    expect(Object.keys(generateMissingSecrets(kept))).toEqual(["AUTH_SECRET"]);
  });

  it("gives different values on each machine", () => {
    expect(generateMissingSecrets({}).AUTH_SECRET).not.toBe(generateMissingSecrets({}).AUTH_SECRET);
  });
});

describe("textToAppend", () => {
  const values = { AUTH_SECRET: "abc", ENCRYPTION_KEY: "def=" };
  const now = new Date("2026-03-01T10:00:00Z");

  it("starts a new file with a header that points at .env.example", () => {
    const text = textToAppend("", values, now);
    expect(text.startsWith("# StoryRelay settings")).toBe(true);
    expect(text).toContain(".env.example");
    expect(parseEnv(text)).toEqual(values);
  });

  it("appends to an existing file without gluing onto its last line", () => {
    const existing = "PORT=4000";
    const combined = existing + textToAppend(existing, values, now);
    expect(parseEnv(combined)).toEqual({ PORT: "4000", ...values });
  });

  it("wins over an empty value earlier in the file", () => {
    const existing = "AUTH_SECRET=\n";
    const combined = existing + textToAppend(existing, values, now);
    expect(parseEnv(combined).AUTH_SECRET).toBe("abc");
  });
});
