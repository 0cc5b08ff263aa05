import "server-only";
import { env } from "@/lib/env";
import { isMediaKey } from "@/lib/media/media-key";
import { mediaSigningSecret, signMediaUrl } from "@/lib/media/signed-url";

const HOUR_MS = 3600_000;

/**
 * Thumbnails are shown through the same signed URLs as the platforms get. Their expiry is the end
 * of the next full hour (one to two hours away), so the URLs stay the same across a page's
 * refreshes and the browser reuses the images it has.
 */
export function thumbnailExpiry(now = Date.now()): Date {
  return new Date((Math.floor(now / HOUR_MS) + 2) * HOUR_MS);
}

/** Signs storage keys into same-origin (relative) URLs for <img>; null for no key. */
export function thumbnailSigner(): (storageKey: string | null) => string | null {
  const secret = mediaSigningSecret(env());
  const expiresAt = thumbnailExpiry();
  return (storageKey) =>
    storageKey && isMediaKey(storageKey)
      ? signMediaUrl({ baseUrl: "", storageKey, expiresAt, secret })
      : null;
}
