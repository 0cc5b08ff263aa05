import type { DbOrTx } from "@/lib/db/client";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";
import { canSeeExport } from "./export-access";
import { type DataExportView, type DownloadSigning, exportViewSelect, toExportView } from "./export-view";

/** The export page's list: fifty at most, newest first; the sweep removes expired ones anyway. */
const LIST_LIMIT = 50;

/**
 * The workspace's data exports the caller may see, newest first, each with its progress and,
 * while it is valid, its signed download link. A member limited to some brands sees only those
 * brands' exports, never a whole-workspace one.
 */
export async function listDataExports(
  deps: { db: DbOrTx; signing: DownloadSigning; now?: () => Date },
  ctx: WorkspaceContext,
): Promise<DataExportView[]> {
  assertCan(ctx, "data:export", "see data exports");
  const rows = await deps.db.dataExport.findMany({
    where: {
      workspaceId: ctx.workspaceId,
      ...(ctx.brandIds === null ? {} : { brandId: { in: ctx.brandIds } }),
    },
    orderBy: { createdAt: "desc" },
    take: LIST_LIMIT,
    select: exportViewSelect,
  });
  const brandIds = [...new Set(rows.flatMap((r) => (r.brandId ? [r.brandId] : [])))];
  const brands = new Map(
    (
      await deps.db.brand.findMany({
        where: { workspaceId: ctx.workspaceId, id: { in: brandIds } },
        select: { id: true, name: true },
      })
    ).map((b) => [b.id, b.name]),
  );
  const now = deps.now?.() ?? new Date();
  return rows
    .filter((row) => canSeeExport(ctx, row.brandId))
    .map((row) =>
      toExportView(row, row.brandId ? (brands.get(row.brandId) ?? null) : null, deps.signing, now),
    );
}
