import { createHmac } from "node:crypto";

/**
 * A key for one purpose, derived from a master secret (AUTH_SECRET) as HMAC-SHA256(secret,
 * purpose). A distinct key per purpose means a signature made for one thing (a review link) can
 * never be replayed as, or help forge, anything else signed from the same secret (sessions, media
 * URLs, OAuth state). HMAC with a fixed label is a standard one-step derivation.
 */
export function deriveKey(secret: string, purpose: string): Buffer {
  return createHmac("sha256", secret).update(purpose).digest();
}
