import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { type AuditActor, recordAudit } from "./record-audit";

/**
 * A download of workspace data (analytics, a brand's plan, the audit log itself): nothing
 * changes, but who took which data out, and from where, is what an agency must be able to show.
 * Recorded when the export is served, after its rows were read and the reader's rights checked.
 */
export async function recordExport(
  db: Db,
  actor: AuditActor,
  entry: { action: `export.${string}`; brandId?: string | null; data?: Prisma.InputJsonValue },
): Promise<void> {
  await db.$transaction((tx) =>
    recordAudit(tx, actor, {
      action: entry.action,
      entityType: entry.brandId ? "Brand" : "Workspace",
      entityId: entry.brandId ?? actor.workspaceId,
      data: entry.data,
    }),
  );
}
