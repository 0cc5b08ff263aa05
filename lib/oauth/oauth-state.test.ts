import { describe, expect, it } from "vitest";
import { STATE_LIFETIME_MS, signState, verifyState } from "./oauth-state";

const secret = "storyrelay-test-auth-secret-not-for-real-use";
const fields = { u: "user1", w: "ws1", s: "acme", b: "brand1", k: "facebook" as const };
const now = Date.UTC(2026, 11, 5, 12);

describe("OAuth state", () => {
  it("round-trips the user, workspace, brand and login it binds", () => {
    const { state, payload } = signState(secret, { ...fields, c: "chan1" }, now);
    expect(verifyState(secret, state, now + 1_000)).toEqual({ ok: true, payload });
    expect(payload).toMatchObject({ ...fields, c: "chan1", e: now + STATE_LIFETIME_MS });
  });

  it("expires after ten minutes", () => {
    const { state } = signState(secret, fields, now);
    expect(verifyState(secret, state, now + STATE_LIFETIME_MS - 1).ok).toBe(true);
    expect(verifyState(secret, state, now + STATE_LIFETIME_MS)).toEqual({ ok: false, problem: "expired" });
  });

  it("refuses a changed payload, a changed signature, another key and junk as tampered", () => {
    const { state } = signState(secret, fields, now);
    const [body, signature] = state.split(".") as [string, string];
    const otherBrand = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(body, "base64url").toString()), b: "brand2" }),
    ).toString("base64url");
    // The first character carries six significant bits (the last one carries padding bits).
    const flipped = `${signature.startsWith("A") ? "B" : "A"}${signature.slice(1)}`;
    for (const bad of [`${otherBrand}.${signature}`, `${body}.${flipped}`, "junk", "", `${state}.x`]) {
      expect(verifyState(secret, bad, now)).toEqual({ ok: false, problem: "tampered" });
    }
    expect(verifyState("another-secret-entirely", state, now)).toEqual({ ok: false, problem: "tampered" });
  });

  it("gives every state its own nonce", () => {
    expect(signState(secret, fields, now).payload.n).not.toBe(signState(secret, fields, now).payload.n);
  });
});
