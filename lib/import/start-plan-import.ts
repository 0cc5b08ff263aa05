import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Db } from "@/lib/db/client";
import { messageOf } from "@/lib/errors";
import type { Logger } from "@/lib/logger";
import type { PlanImportJob } from "@/lib/queue/queues";
import { parseInput } from "@/lib/validation";
import type { WorkspaceContext } from "@/lib/workspaces/context";
import { dryRunPlan, type PlanReport } from "./dry-run-plan";

/** A plan of a month for ten clients is well under a megabyte; five is room for long captions. */
export const MAX_PLAN_BYTES = 5 * 1024 * 1024;

const startPlanImportSchema = z.strictObject({
  brandId: z.string().min(1, "Choose a brand.").max(100),
  fileName: z.string().trim().min(1, "Name the file.").max(255, "Use a file name of at most 255 characters."),
  bytes: z
    .custom<Uint8Array<ArrayBuffer>>((value) => value instanceof Uint8Array, "Attach the plan CSV.")
    .refine((bytes) => bytes.byteLength > 0, "The file is empty: start from the template.")
    .refine(
      (bytes) => bytes.byteLength <= MAX_PLAN_BYTES,
      "The file is over 5 MB: split the plan into several files.",
    ),
});

export type StartedImport =
  /** The dry run found errors: nothing was queued; fix the rows and import again. */
  { status: "refused"; report: PlanReport } | { status: "queued"; importId: string; rows: number };

/**
 * Starts importing a plan CSV into a brand in the background: the dry run first (fast, and
 * nothing is queued when it finds an error), then an ImportJob row holding the file, and a job
 * that nudges a worker to run it (lib/import/run-import-job.ts). The row is written before the job
 * is added, so a job Redis loses is found by the import sweep; a failed add is logged, not thrown.
 */
export async function startPlanImport(
  deps: {
    db: Db;
    logger: Logger;
    enqueue: (job: PlanImportJob) => Promise<void>;
    now?: () => Date;
    scheduleHorizonDays?: number;
    allowPrivateUrls?: boolean;
  },
  ctx: WorkspaceContext,
  input: z.input<typeof startPlanImportSchema>,
): Promise<StartedImport> {
  const fields = parseInput(startPlanImportSchema, input);
  // dryRunPlan checks the role and that the caller can see the brand.
  const report = await dryRunPlan(deps, ctx, fields.bytes, { brandId: fields.brandId });
  if (report.problems.some((p) => p.severity === "error")) return { status: "refused", report };
  const job = await deps.db.$transaction(async (tx) => {
    const created = await tx.importJob.create({
      data: {
        workspaceId: ctx.workspaceId,
        brandId: fields.brandId,
        createdById: ctx.userId,
        apiKeyId: ctx.apiKeyId,
        fileName: fields.fileName,
        file: fields.bytes,
        rowsTotal: report.stories.length,
      },
      select: { id: true },
    });
    await recordAudit(tx, ctx, {
      action: "plan.import",
      entityType: "ImportJob",
      entityId: created.id,
      data: { brandId: fields.brandId, fileName: fields.fileName, rows: report.stories.length },
    });
    return created;
  });
  try {
    await deps.enqueue({ importJobId: job.id, workspaceId: ctx.workspaceId });
  } catch (error) {
    deps.logger.warn(
      { importJobId: job.id, reason: messageOf(error) },
      "could not queue the import; the import sweep will",
    );
  }
  return { status: "queued", importId: job.id, rows: report.stories.length };
}
