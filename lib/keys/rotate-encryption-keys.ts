import type { SecretBox } from "@/lib/crypto/secret-box";
import type { Db } from "@/lib/db/client";
import { SEALED_TABLES, type SealedTable } from "./sealed-tables";

const PAGE_SIZE = 100;

export type RotationReport = {
  table: string;
  /** Re-sealed with the current key. */
  resealed: number;
  /** Changed by someone else between the read and the write: left as they wrote it. */
  changedMeanwhile: number;
  /** Could not be opened (a key no longer configured, or damaged bytes): left untouched. */
  unreadable: number;
  /** Still not on the current key after the pass (run again, or see `unreadable`). */
  remaining: number;
}[];

/**
 * `keys:rotate`: re-seals every stored secret that is not under the box's current key, row by
 * row, while the app keeps running (docs/decisions/031-account-security.md). Readers open either
 * key meanwhile (ENCRYPTION_PREVIOUS_KEYS), and each write is conditional on the row still holding
 * what was read, so a token refreshed during the pass keeps its new value. Safe to run again; a
 * row it cannot open is reported, never changed.
 */
export async function rotateEncryptionKeys(
  deps: { db: Db; box: SecretBox },
  tables: SealedTable[] = SEALED_TABLES,
): Promise<RotationReport> {
  const report: RotationReport = [];
  for (const table of tables) {
    const line = { table: table.name, resealed: 0, changedMeanwhile: 0, unreadable: 0, remaining: 0 };
    let afterId = "";
    for (;;) {
      const rows = await table.page(deps.db, deps.box.currentKeyId, afterId, PAGE_SIZE);
      if (rows.length === 0) break;
      for (const row of rows) {
        let plain: string;
        try {
          plain = deps.box.open(row.sealed, row.context);
        } catch {
          line.unreadable += 1;
          continue;
        }
        const fresh = deps.box.seal(plain, row.context);
        if (await table.replace(deps.db, row, fresh)) line.resealed += 1;
        else line.changedMeanwhile += 1;
      }
      afterId = (rows.at(-1) as { id: string }).id;
    }
    line.remaining = await table.countNotOn(deps.db, deps.box.currentKeyId);
    report.push(line);
  }
  return report;
}
