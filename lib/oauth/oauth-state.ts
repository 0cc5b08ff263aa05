import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";

/** How long a person has between clicking the button and coming back from Meta. */
export const STATE_LIFETIME_MS = 10 * 60_000;

const payloadSchema = z.object({
  /** Single-use nonce: consumed once at the callback, and the key of the picker's pending tokens. */
  n: z.string().min(16),
  /** The user, workspace (id and slug) and brand the login started from. */
  u: z.string(),
  w: z.string(),
  s: z.string(),
  b: z.string(),
  /** Which login: "facebook" | "instagram". */
  k: z.enum(["facebook", "instagram"]),
  /** Reconnecting this channel, when set. */
  c: z.string().optional(),
  /** Expiry, epoch ms. */
  e: z.number().int(),
});

export type OAuthStatePayload = z.infer<typeof payloadSchema>;

export type StateProblem = "tampered" | "expired";

export type VerifiedState = { ok: true; payload: OAuthStatePayload } | { ok: false; problem: StateProblem };

/** The signing key: derived from AUTH_SECRET, so it differs from the session cookie's key. */
function stateKey(authSecret: string): Buffer {
  return createHmac("sha256", authSecret).update("storyrelay oauth state v1").digest();
}

function mac(authSecret: string, body: string): Buffer {
  return createHmac("sha256", stateKey(authSecret)).update(body).digest();
}

export function newNonce(): string {
  return randomBytes(18).toString("base64url");
}

/** `state` for Meta's dialog: the payload in base64url, a dot, and its HMAC-SHA256. */
export function signState(
  authSecret: string,
  fields: Omit<OAuthStatePayload, "n" | "e">,
  now: number,
  nonce = newNonce(),
): { state: string; payload: OAuthStatePayload } {
  const payload: OAuthStatePayload = { ...fields, n: nonce, e: now + STATE_LIFETIME_MS };
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  return { state: `${body}.${mac(authSecret, body).toString("base64url")}`, payload };
}

/**
 * Checks a `state` that came back from Meta: the signature first (anything altered is
 * "tampered", never parsed further), then the expiry. Single use is the caller's part: it
 * consumes the nonce atomically where every web process sees it (Redis).
 */
export function verifyState(authSecret: string, state: string, now: number): VerifiedState {
  const [body, signature, extra] = state.split(".");
  if (!body || !signature || extra !== undefined) return { ok: false, problem: "tampered" };
  const expected = mac(authSecret, body);
  const given = Buffer.from(signature, "base64url");
  if (given.byteLength !== expected.byteLength || !timingSafeEqual(given, expected)) {
    return { ok: false, problem: "tampered" };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  } catch {
    return { ok: false, problem: "tampered" };
  }
  const payload = payloadSchema.safeParse(parsed);
  if (!payload.success) return { ok: false, problem: "tampered" };
  if (now >= payload.data.e) return { ok: false, problem: "expired" };
  return { ok: true, payload: payload.data };
}
