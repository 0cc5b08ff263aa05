import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Whether an Authorization header carries `token`: as `Bearer <token>` (Prometheus, curl) or as
 * the password of `Basic` credentials (what a browser prompts for, for the queue dashboard).
 * Compared through hashes in constant time, so neither the token nor its length leaks by timing.
 */
export function carriesToken(authorization: string | null | undefined, token: string): boolean {
  if (!authorization) return false;
  const [scheme = "", value = ""] = authorization.trim().split(/\s+/, 2);
  let presented: string | undefined;
  if (scheme.toLowerCase() === "bearer") presented = value;
  else if (scheme.toLowerCase() === "basic") {
    const decoded = Buffer.from(value, "base64").toString("utf8");
    presented = decoded.slice(decoded.indexOf(":") + 1);
  }
  if (presented === undefined) return false;
  const digest = (text: string) => createHash("sha256").update(text).digest();
  return timingSafeEqual(digest(presented), digest(token));
}
