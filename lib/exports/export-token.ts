import { createHmac, timingSafeEqual } from "node:crypto";
import { deriveKey } from "@/lib/crypto/derive-key";

/**
 * A data export's download link: `<PUBLIC_BASE_URL>/exports/<exportId>?exp=<unix s>&sig=<base64url>`,
 * sig = HMAC-SHA256 over the export id and the expiry, with a key derived from AUTH_SECRET for this
 * purpose only (as review links do), so no other signed thing of ours can be replayed as one. The
 * link names one export, never a storage key: the file served is the one the row names. It is
 * never stored, only recomputed from the row; deleting the row revokes it, and the expiry in the
 * link must be the row's.
 */

const PURPOSE = "storyrelay data export download v1";

function signature(authSecret: string, exportId: string, exp: number): Buffer {
  // The newline keeps id and expiry apart: ids cannot contain one.
  return createHmac("sha256", deriveKey(authSecret, PURPOSE)).update(`${exportId}\n${exp}`).digest();
}

export function exportDownloadUrl(
  config: { baseUrl: string; authSecret: string },
  row: { id: string; expiresAt: Date },
): string {
  const exp = Math.floor(row.expiresAt.getTime() / 1000);
  const sig = signature(config.authSecret, row.id, exp).toString("base64url");
  return `${config.baseUrl.replace(/\/+$/, "")}/exports/${encodeURIComponent(row.id)}?exp=${exp}&sig=${sig}`;
}

export type ExportTokenCheck = { ok: true; exp: number } | { ok: false; reason: "malformed" | "invalid" };

/** Whether `exp` and `sig` are a genuine signature for this export id (the expiry is checked against the row). */
export function verifyExportSignature(
  authSecret: string,
  input: { exportId: string; exp: string | null; sig: string | null },
): ExportTokenCheck {
  if (!input.exp || !input.sig || !/^\d{1,12}$/.test(input.exp) || !/^[A-Za-z0-9_-]{43}$/.test(input.sig))
    return { ok: false, reason: "malformed" };
  const exp = Number(input.exp);
  const given = Buffer.from(input.sig, "base64url");
  // One spelling per signature: base64url's last character has spare bits.
  if (given.toString("base64url") !== input.sig) return { ok: false, reason: "invalid" };
  const expected = signature(authSecret, input.exportId, exp);
  if (given.byteLength !== expected.byteLength || !timingSafeEqual(given, expected))
    return { ok: false, reason: "invalid" };
  return { ok: true, exp };
}
