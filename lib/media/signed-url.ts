import { createHmac, timingSafeEqual } from "node:crypto";
import { isMediaKey } from "./media-key";

/**
 * Media reaches the platforms as `<PUBLIC_BASE_URL>/media/<key>?exp=<unix seconds>&sig=<hex>`,
 * where sig = HMAC-SHA256(secret, key + "\n" + exp). The platforms fetch with a plain GET and no
 * session, so the signature is the whole authorisation: it names one file until one moment.
 * The newline keeps key and expiry apart (keys cannot contain one), so no other key/expiry pair
 * produces the same message.
 */

function signature(secret: string, storageKey: string, exp: number): Buffer {
  return createHmac("sha256", secret).update(`${storageKey}\n${exp}`).digest();
}

/**
 * The media signing secret: MEDIA_SIGNING_SECRET when set, else HMAC-SHA256(AUTH_SECRET, "media-url").
 *
 * Why derive rather than reuse AUTH_SECRET as is: AUTH_SECRET protects sessions. A distinct key
 * per purpose means a media signature can never be replayed as (or help forge) anything else
 * signed with AUTH_SECRET, and the derived key can be handed to something that only verifies
 * media URLs (a CDN edge function) without handing over sessions. HMAC with a fixed label is a
 * standard one-step key derivation, so installations need no extra variable to start. Changing
 * AUTH_SECRET therefore also invalidates outstanding media URLs, which is harmless: they live a
 * day at most and are signed afresh for each publish.
 */
export function mediaSigningSecret(config: { MEDIA_SIGNING_SECRET?: string; AUTH_SECRET: string }): string {
  return (
    config.MEDIA_SIGNING_SECRET ?? createHmac("sha256", config.AUTH_SECRET).update("media-url").digest("hex")
  );
}

export function signMediaUrl(input: {
  baseUrl: string;
  storageKey: string;
  expiresAt: Date;
  secret: string;
}): string {
  // Keys are ASCII by construction, which is what keeps these URLs acceptable to Instagram.
  if (!isMediaKey(input.storageKey))
    throw new Error(`Not a media storage key: ${JSON.stringify(input.storageKey)}`);
  const exp = Math.floor(input.expiresAt.getTime() / 1000);
  const sig = signature(input.secret, input.storageKey, exp).toString("hex");
  return `${input.baseUrl.replace(/\/+$/, "")}/media/${input.storageKey}?exp=${exp}&sig=${sig}`;
}

export type MediaSignatureCheck =
  | { ok: true; expiresAt: Date }
  | { ok: false; reason: "missing" | "malformed" | "invalid" | "expired" };

/**
 * Checks `exp` and `sig` (as they came in the query string) for `storageKey`. The signature is
 * compared in constant time and checked before the expiry, so "expired" is only ever said about
 * a URL we really issued.
 */
export function verifyMediaSignature(input: {
  storageKey: string;
  exp: string | null;
  sig: string | null;
  secret: string;
  now: Date;
}): MediaSignatureCheck {
  if (!input.exp || !input.sig) return { ok: false, reason: "missing" };
  if (!/^\d{1,12}$/.test(input.exp) || !/^[0-9a-f]{64}$/i.test(input.sig))
    return { ok: false, reason: "malformed" };
  const exp = Number(input.exp);
  const expected = signature(input.secret, input.storageKey, exp);
  if (!timingSafeEqual(expected, Buffer.from(input.sig, "hex"))) return { ok: false, reason: "invalid" };
  const expiresAt = new Date(exp * 1000);
  if (expiresAt.getTime() <= input.now.getTime()) return { ok: false, reason: "expired" };
  return { ok: true, expiresAt };
}

/**
 * `mediaUrlFor` for the publish engine (lib/publishing/deps.ts), built from configuration: each
 * call signs a fresh URL valid for MEDIA_URL_TTL_SECONDS from that moment, so a retry hours later
 * still hands the platform a live link.
 */
export function mediaUrlSigner(
  config: {
    PUBLIC_BASE_URL: string;
    AUTH_SECRET: string;
    MEDIA_SIGNING_SECRET?: string;
    MEDIA_URL_TTL_SECONDS: number;
  },
  now: () => Date = () => new Date(),
): (asset: { storageKey: string }) => string {
  const secret = mediaSigningSecret(config);
  return (asset) =>
    signMediaUrl({
      baseUrl: config.PUBLIC_BASE_URL,
      storageKey: asset.storageKey,
      expiresAt: new Date(now().getTime() + config.MEDIA_URL_TTL_SECONDS * 1000),
      secret,
    });
}
