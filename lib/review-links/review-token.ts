import { createHmac, timingSafeEqual } from "node:crypto";
import { deriveKey } from "@/lib/crypto/derive-key";

/**
 * A review link's URL token: `<linkId>.<expiry, unix seconds>.<HMAC-SHA256, base64url>`, signed
 * with a key derived from AUTH_SECRET over the id and the expiry. The token is never stored: it is
 * recomputed from the row, so the brand's list of links can show each URL again. A forged or
 * altered token fails the signature check before any database read; revocation and expiry are
 * then checked against the row (the expiry in the token must be the row's).
 */

const TOKEN_PATTERN = /^([a-z0-9]{10,40})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/;

function signature(authSecret: string, linkId: string, exp: number): Buffer {
  const key = deriveKey(authSecret, "storyrelay review link v1");
  // The newline keeps id and expiry apart: ids cannot contain one.
  return createHmac("sha256", key).update(`${linkId}\n${exp}`).digest();
}

export function signReviewToken(authSecret: string, link: { id: string; expiresAt: Date }): string {
  const exp = Math.floor(link.expiresAt.getTime() / 1000);
  return `${link.id}.${exp}.${signature(authSecret, link.id, exp).toString("base64url")}`;
}

export type VerifiedReviewToken = { linkId: string; exp: number } | null;

/** The link id and expiry a genuine token names, or null for anything forged, altered or malformed. */
export function verifyReviewToken(authSecret: string, token: string): VerifiedReviewToken {
  const match = TOKEN_PATTERN.exec(token);
  if (!match) return null;
  const [, linkId = "", expText = "", sig = ""] = match;
  const exp = Number(expText);
  const expected = signature(authSecret, linkId, exp);
  const given = Buffer.from(sig, "base64url");
  // One spelling per signature: base64url's last character has spare bits, and a token that
  // differs only in them would otherwise pass as genuine.
  if (given.toString("base64url") !== sig) return null;
  if (given.byteLength !== expected.byteLength || !timingSafeEqual(given, expected)) return null;
  return { linkId, exp };
}
