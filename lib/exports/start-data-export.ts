import { z } from "zod";
import { recordExportIn } from "@/lib/audit/record-export";
import type { Db } from "@/lib/db/client";
import { AppError, messageOf } from "@/lib/errors";
import type { Logger } from "@/lib/logger";
import type { DataExportJob } from "@/lib/queue/queues";
import { parseInput } from "@/lib/validation";
import type { WorkspaceContext } from "@/lib/workspaces/context";
import { assertCanExport } from "./export-access";
import { type DataExportView, type DownloadSigning, exportViewSelect, toExportView } from "./export-view";

const startDataExportSchema = z.strictObject({
  /** Null or absent: the whole workspace. */
  brandId: z.string().trim().min(1, "Choose a brand.").max(100).nullable().default(null),
});

/**
 * Starts building a ZIP of the workspace's or one brand's data in the background (owners and
 * admins; a member limited to some brands exports only those, one at a time). The row is written
 * with its audit entry, then a job nudges a worker (lib/exports/run-data-export.ts); a job Redis
 * loses is found by the export sweep, so a failed add is logged, not thrown. One unfinished export
 * per scope at a time: a second click while one is being built is refused, not queued twice.
 */
export async function startDataExport(
  deps: {
    db: Db;
    logger: Logger;
    enqueue: (job: DataExportJob) => Promise<void>;
    signing: DownloadSigning;
    now?: () => Date;
  },
  ctx: WorkspaceContext,
  input: z.input<typeof startDataExportSchema>,
): Promise<DataExportView> {
  const { brandId } = parseInput(startDataExportSchema, input);
  assertCanExport(ctx, brandId);
  const brand = brandId
    ? await deps.db.brand.findFirst({
        where: { id: brandId, workspaceId: ctx.workspaceId },
        select: { id: true, name: true },
      })
    : null;
  if (brandId && !brand)
    throw new AppError("NOT_FOUND", "This brand does not exist or you cannot see it. Choose one of yours.");
  const row = await deps.db.$transaction(async (tx) => {
    const running = await tx.dataExport.findFirst({
      where: { workspaceId: ctx.workspaceId, brandId, status: { in: ["QUEUED", "RUNNING"] } },
      select: { id: true },
    });
    if (running)
      throw new AppError(
        "CONFLICT",
        `An export of ${brand ? brand.name : "the workspace"} is already being built: wait for it to finish.`,
      );
    const created = await tx.dataExport.create({
      data: { workspaceId: ctx.workspaceId, brandId, createdById: ctx.userId, apiKeyId: ctx.apiKeyId },
      select: exportViewSelect,
    });
    await recordExportIn(tx, ctx, {
      action: "export.data",
      brandId,
      entity: { type: "DataExport", id: created.id },
      data: { scope: brandId ? "brand" : "workspace" },
    });
    return created;
  });
  try {
    await deps.enqueue({ exportId: row.id, workspaceId: ctx.workspaceId });
  } catch (error) {
    deps.logger.warn(
      { exportId: row.id, reason: messageOf(error) },
      "could not queue the export; the export sweep will",
    );
  }
  return toExportView(row, brand?.name ?? null, deps.signing, deps.now?.() ?? new Date());
}
