import type { DbOrTx } from "@/lib/db/client";
import type { MediaStorage } from "@/lib/media/storage";
import { verifyExportSignature } from "./export-token";

export type ExportDownload =
  | { ok: true; body: ReadableStream<Uint8Array>; sizeBytes: number; fileName: string }
  /** invalid: forged, altered or malformed; expired: genuine but past its time; gone: deleted or never built. */
  | { ok: false; reason: "invalid" | "expired" | "gone" };

/**
 * What a download link opens. The signature is checked before any read, so a forged link costs
 * nothing; then the row must exist, be DONE, carry the very expiry the link was signed with, and
 * not be past it. The file served is the one the row names, never anything the link says, so a
 * link reaches that one export's file and nothing else. The link is the whole authorisation (an
 * integrator fetches it with a plain GET, like a media URL), which is why it is short-lived and
 * dies with the row.
 */
export async function openExportDownload(
  deps: { db: DbOrTx; storage: MediaStorage; authSecret: string; now?: () => Date },
  input: { exportId: string; exp: string | null; sig: string | null },
): Promise<ExportDownload> {
  if (input.exportId.length > 100) return { ok: false, reason: "invalid" };
  const check = verifyExportSignature(deps.authSecret, input);
  if (!check.ok) return { ok: false, reason: "invalid" };
  const row = await deps.db.dataExport.findFirst({
    where: { id: input.exportId, status: "DONE" },
    select: { id: true, storageKey: true, expiresAt: true, createdAt: true },
  });
  if (!row?.storageKey || !row.expiresAt) return { ok: false, reason: "gone" };
  if (Math.floor(row.expiresAt.getTime() / 1000) !== check.exp) return { ok: false, reason: "invalid" };
  if (row.expiresAt.getTime() <= (deps.now?.() ?? new Date()).getTime())
    return { ok: false, reason: "expired" };
  const [body, stat] = await Promise.all([
    deps.storage.get(row.storageKey),
    deps.storage.stat(row.storageKey),
  ]);
  if (!body || !stat) return { ok: false, reason: "gone" };
  const day = row.createdAt.toISOString().slice(0, 10);
  return { ok: true, body, sizeBytes: stat.sizeBytes, fileName: `storyrelay-export-${day}-${row.id}.zip` };
}
