import { z } from "zod";
import type { DbOrTx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";
import { canSeeExport } from "./export-access";
import { type DataExportView, type DownloadSigning, exportViewSelect, toExportView } from "./export-view";

const getDataExportSchema = z.strictObject({ exportId: z.string().trim().min(1).max(100) });

/**
 * One export's status, progress and (while valid) download link: what the API's
 * GET /exports/{id} answers. Another workspace's export, or one the caller may not see, is
 * "not found".
 */
export async function getDataExport(
  deps: { db: DbOrTx; signing: DownloadSigning; now?: () => Date },
  ctx: WorkspaceContext,
  input: z.input<typeof getDataExportSchema>,
): Promise<DataExportView> {
  assertCan(ctx, "data:export", "see data exports");
  const { exportId } = parseInput(getDataExportSchema, input);
  const row = await deps.db.dataExport.findFirst({
    where: { id: exportId, workspaceId: ctx.workspaceId },
    select: exportViewSelect,
  });
  if (!row || !canSeeExport(ctx, row.brandId))
    throw new AppError("NOT_FOUND", "This export does not exist or you cannot see it. Check the export id.");
  const brand = row.brandId
    ? await deps.db.brand.findFirst({
        where: { id: row.brandId, workspaceId: ctx.workspaceId },
        select: { name: true },
      })
    : null;
  return toExportView(row, brand?.name ?? null, deps.signing, deps.now?.() ?? new Date());
}
