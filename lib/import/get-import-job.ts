import { z } from "zod";
import type { DbOrTx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { assertCan, canSeeBrand, type WorkspaceContext } from "@/lib/workspaces/context";
import type { PlanProblem } from "./csv-format";

const getImportJobSchema = z.strictObject({ importId: z.string().min(1).max(100) });

export type ImportJobView = {
  id: string;
  brandId: string;
  fileName: string;
  status: "QUEUED" | "RUNNING" | "DONE" | "FAILED";
  rows: { total: number; done: number; created: number; skipped: number; failed: number };
  warnings: PlanProblem[];
  failures: PlanProblem[];
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
};

/**
 * An import's status and progress (what the Import page polls and the API answers), with its
 * per-row report once it has one. Another workspace's import, or one of a brand the caller cannot
 * see, is "not found".
 */
export async function getImportJob(
  deps: { db: DbOrTx },
  ctx: WorkspaceContext,
  input: z.input<typeof getImportJobSchema>,
): Promise<ImportJobView> {
  assertCan(ctx, "stories:view", "see imports");
  const { importId } = parseInput(getImportJobSchema, input);
  const job = await deps.db.importJob.findFirst({
    where: { id: importId, workspaceId: ctx.workspaceId },
    select: {
      id: true,
      brandId: true,
      fileName: true,
      status: true,
      rowsTotal: true,
      rowsDone: true,
      rowsCreated: true,
      rowsSkipped: true,
      rowsFailed: true,
      report: true,
      error: true,
      createdAt: true,
      finishedAt: true,
    },
  });
  if (!job || !canSeeBrand(ctx, job.brandId))
    throw new AppError("NOT_FOUND", "This import does not exist or you cannot see it. Check the import id.");
  const report = reportSchema.parse(job.report);
  return {
    id: job.id,
    brandId: job.brandId,
    fileName: job.fileName,
    status: job.status,
    rows: {
      total: job.rowsTotal,
      done: job.rowsDone,
      created: job.rowsCreated,
      skipped: job.rowsSkipped,
      failed: job.rowsFailed,
    },
    warnings: report.warnings,
    failures: report.failures,
    error: job.error,
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
  };
}

const problemSchema = z.object({
  row: z.number(),
  column: z.string().nullable(),
  severity: z.enum(["error", "warning"]),
  problem: z.string(),
  fix: z.string(),
}) as z.ZodType<PlanProblem>;

/** ImportJob.report as run-import-job.ts writes it. */
export const reportSchema = z.object({
  warnings: z.array(problemSchema).default([]),
  failures: z.array(problemSchema).default([]),
});
