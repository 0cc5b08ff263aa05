import { z } from "zod";
import { recordExportIn } from "@/lib/audit/record-export";
import type { Db } from "@/lib/db/client";
import { AppError, messageOf } from "@/lib/errors";
import type { Logger } from "@/lib/logger";
import type { MediaStorage } from "@/lib/media/storage";
import { parseInput } from "@/lib/validation";
import type { WorkspaceContext } from "@/lib/workspaces/context";
import { assertCanExport, canSeeExport } from "./export-access";

const deleteDataExportSchema = z.strictObject({ exportId: z.string().trim().min(1).max(100) });

/**
 * Deletes an export: the row first (which revokes its link at once: the download route serves
 * only what a row names), then its file. One still being built is deleted too: its worker finds
 * the row gone when it is done and removes the file it wrote. A file that cannot be removed now
 * is logged; the row is gone either way.
 */
export async function deleteDataExport(
  deps: { db: Db; storage: MediaStorage; logger: Logger },
  ctx: WorkspaceContext,
  input: z.input<typeof deleteDataExportSchema>,
): Promise<void> {
  const { exportId } = parseInput(deleteDataExportSchema, input);
  const row = await deps.db.dataExport.findFirst({
    where: { id: exportId, workspaceId: ctx.workspaceId },
    select: { id: true, brandId: true, storageKey: true },
  });
  if (!row || !canSeeExport(ctx, row.brandId))
    throw new AppError("NOT_FOUND", "This export does not exist or you cannot see it. Reload the page.");
  assertCanExport(ctx, row.brandId);
  await deps.db.$transaction(async (tx) => {
    await tx.dataExport.deleteMany({ where: { id: row.id, workspaceId: ctx.workspaceId } });
    await recordExportIn(tx, ctx, {
      action: "export.data_delete",
      brandId: row.brandId,
      entity: { type: "DataExport", id: row.id },
    });
  });
  if (row.storageKey) {
    try {
      await deps.storage.delete(row.storageKey);
    } catch (error) {
      deps.logger.warn({ exportId, reason: messageOf(error) }, "could not delete a deleted export's file");
    }
  }
}
