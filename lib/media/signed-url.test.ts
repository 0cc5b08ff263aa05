import { describe, expect, it } from "vitest";
import { mediaSigningSecret, mediaUrlSigner, signMediaUrl, verifyMediaSignature } from "./signed-url";

const secret = "s".repeat(32);
const storageKey = "ws_1/0b6c6f3e-1111-4a4a-9c9c-2d2d2d2d2d2d.jpg";
const now = new Date("2026-05-03T10:00:00Z");
const expiresAt = new Date("2026-05-04T10:00:00Z");

function parts(url: string) {
  const parsed = new URL(url);
  return {
    storageKey: parsed.pathname.replace(/^\/media\//, ""),
    exp: parsed.searchParams.get("exp"),
    sig: parsed.searchParams.get("sig"),
  };
}

describe("signed media URLs", () => {
  const url = signMediaUrl({ baseUrl: "https://relay.example.com/", storageKey, expiresAt, secret });

  it("puts key, expiry and signature on the public base URL, in plain ASCII", () => {
    expect(url).toMatch(
      /^https:\/\/relay\.example\.com\/media\/ws_1\/0b6c6f3e-1111-4a4a-9c9c-2d2d2d2d2d2d\.jpg\?exp=1777888800&sig=[0-9a-f]{64}$/,
    );
    expect(url).toMatch(/^[\x21-\x7e]+$/);
  });

  it("verifies a URL it signed until it expires", () => {
    expect(verifyMediaSignature({ ...parts(url), secret, now })).toEqual({ ok: true, expiresAt });
  });

  it("refuses a URL whose key was changed", () => {
    const tampered = { ...parts(url), storageKey: storageKey.replace(".jpg", ".png") };
    expect(verifyMediaSignature({ ...tampered, secret, now })).toEqual({ ok: false, reason: "invalid" });
  });

  it("refuses a URL whose expiry was pushed back", () => {
    const tampered = { ...parts(url), exp: String(Number(parts(url).exp) + 3600) };
    expect(verifyMediaSignature({ ...tampered, secret, now })).toEqual({ ok: false, reason: "invalid" });
  });

  it("refuses a URL signed with another secret", () => {
    expect(verifyMediaSignature({ ...parts(url), secret: "t".repeat(32), now })).toEqual({
      ok: false,
      reason: "invalid",
    });
  });

  it("refuses an expired URL, from the second it expires", () => {
    expect(verifyMediaSignature({ ...parts(url), secret, now: expiresAt })).toEqual({
      ok: false,
      reason: "expired",
    });
  });

  it("refuses missing or malformed parameters without comparing anything", () => {
    expect(verifyMediaSignature({ storageKey, exp: null, sig: null, secret, now })).toEqual({
      ok: false,
      reason: "missing",
    });
    expect(verifyMediaSignature({ ...parts(url), sig: "abc", secret, now })).toEqual({
      ok: false,
      reason: "malformed",
    });
    expect(verifyMediaSignature({ ...parts(url), exp: "-1", secret, now })).toEqual({
      ok: false,
      reason: "malformed",
    });
  });

  it("refuses to sign anything but a storage key", () => {
    expect(() =>
      signMediaUrl({ baseUrl: "https://x.test", storageKey: "../etc/passwd", expiresAt, secret }),
    ).toThrow();
    expect(() =>
      signMediaUrl({ baseUrl: "https://x.test", storageKey: "ws/äpfel.jpg", expiresAt, secret }),
    ).toThrow();
  });

  it("derives the signing secret from AUTH_SECRET unless one is set", () => {
    const derived = mediaSigningSecret({ AUTH_SECRET: "a".repeat(32) });
    expect(derived).toMatch(/^[0-9a-f]{64}$/);
    expect(derived).not.toContain("a".repeat(32));
    expect(mediaSigningSecret({ AUTH_SECRET: "a".repeat(32) })).toBe(derived);
    expect(mediaSigningSecret({ AUTH_SECRET: "b".repeat(32) })).not.toBe(derived);
    expect(mediaSigningSecret({ AUTH_SECRET: "a".repeat(32), MEDIA_SIGNING_SECRET: secret })).toBe(secret);
  });

  it("signs URLs for the publish engine that stay valid for the configured time", () => {
    const config = {
      PUBLIC_BASE_URL: "https://relay.example.com",
      AUTH_SECRET: "a".repeat(32),
      MEDIA_URL_TTL_SECONDS: 600,
    };
    const signed = mediaUrlSigner(config, () => now)({ storageKey });
    const check = (at: Date) =>
      verifyMediaSignature({ ...parts(signed), secret: mediaSigningSecret(config), now: at });
    expect(check(new Date(now.getTime() + 599_000))).toMatchObject({ ok: true });
    expect(check(new Date(now.getTime() + 600_000))).toEqual({ ok: false, reason: "expired" });
  });
});
