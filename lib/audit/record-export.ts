import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { type AuditActor, recordAudit } from "./record-audit";

type ExportEntry = {
  action: `export.${string}`;
  brandId?: string | null;
  data?: Prisma.InputJsonValue;
  /** What the entry names, when it is a thing of its own (a DataExport); else the brand or the workspace. */
  entity?: { type: string; id: string };
};

/**
 * A download of workspace data (analytics, a brand's plan, the audit log itself): nothing
 * changes, but who took which data out, and from where, is what an agency must be able to show.
 * Recorded when the export is served, after its rows were read and the reader's rights checked.
 */
export async function recordExport(db: Db, actor: AuditActor, entry: ExportEntry): Promise<void> {
  await db.$transaction((tx) => recordExportIn(tx, actor, entry));
}

/**
 * `recordExport` inside the caller's transaction: a data export (lib/exports) is recorded with
 * the row that starts it, so the entry exists exactly when the export does.
 */
export async function recordExportIn(
  tx: Prisma.TransactionClient,
  actor: AuditActor,
  entry: ExportEntry,
): Promise<void> {
  await recordAudit(tx, actor, {
    action: entry.action,
    entityType: entry.entity?.type ?? (entry.brandId ? "Brand" : "Workspace"),
    entityId: entry.entity?.id ?? entry.brandId ?? actor.workspaceId,
    brandId: entry.brandId ?? null,
    data: entry.data,
  });
}
