import type { Prisma } from "@/lib/db/generated/client";
import { isAppError, messageOf } from "@/lib/errors";
import type { ScheduleDeps } from "@/lib/stories/schedule-story";
import { actingContext } from "@/lib/workspaces/acting-context";
import type { PlanProblem } from "./csv-format";
import type { PlanMediaDeps } from "./fetch-plan-media";
import { importPlan } from "./import-plan";

/**
 * A RUNNING import whose progress has not moved for this long lost its worker (a crash, a deploy):
 * another run may take it over. Progress is written every batch of rows, well within it.
 */
export const IMPORT_STALE_AFTER_MS = 2 * 60_000;

const AGAIN = "Import the file again: the rows already imported are skipped.";

/**
 * Runs one background import (lib/import/start-plan-import.ts) as the member or API key who
 * started it, with their access as it is now (a member removed since cannot import any more).
 * The run first claims the row (QUEUED, or RUNNING but silent past IMPORT_STALE_AFTER_MS), so a
 * job that arrives twice runs once; a duplicate finds nothing to claim and returns. Progress is
 * written as the import goes; the end is DONE with the per-row report, or FAILED with what to do.
 * A retaken import starts over safely: the rows written before are skipped by their importKey.
 */
export async function runImportJob(
  /** `media`: how frames given as URLs are fetched; without it, such rows are reported, not imported. */
  deps: ScheduleDeps & { media?: PlanMediaDeps },
  job: { importJobId: string; workspaceId: string },
): Promise<"done" | "failed" | "not-claimed"> {
  const now = () => deps.now?.() ?? new Date();
  const claimed = await deps.db.importJob.updateMany({
    where: {
      id: job.importJobId,
      workspaceId: job.workspaceId,
      OR: [
        { status: "QUEUED" },
        { status: "RUNNING", heartbeatAt: { lt: new Date(now().getTime() - IMPORT_STALE_AFTER_MS) } },
      ],
    },
    data: { status: "RUNNING", heartbeatAt: now() },
  });
  if (claimed.count === 0) return "not-claimed";
  const row = await deps.db.importJob.findUniqueOrThrow({
    where: { id: job.importJobId },
    select: {
      brandId: true,
      createdById: true,
      apiKeyId: true,
      file: true,
      workspace: { select: { id: true, slug: true, name: true } },
    },
  });
  const finish = (data: Prisma.ImportJobUpdateManyMutationInput) =>
    deps.db.importJob.update({ where: { id: job.importJobId }, data: { ...data, finishedAt: now() } });
  try {
    const ctx = await actingContext(deps.db, row, "import");
    const result = await importPlan(deps, ctx, row.file, {
      brandId: row.brandId,
      onProgress: async (progress) => {
        await deps.db.importJob.update({
          where: { id: job.importJobId },
          data: {
            rowsTotal: progress.total,
            rowsDone: progress.done,
            rowsCreated: progress.created,
            rowsSkipped: progress.skipped,
            rowsFailed: progress.failed,
            heartbeatAt: now(),
          },
        });
      },
    });
    if (result.status === "refused") {
      // The dry run passed when the import started; something changed since (a channel removed,
      // a time now passed): the report says what.
      await finish({
        status: "FAILED",
        error: `The file no longer passes the checks, so nothing was imported. Fix the rows below and ${AGAIN.toLowerCase()}`,
        report: report(
          result.report.problems.filter((p) => p.severity === "warning"),
          result.report.problems.filter((p) => p.severity === "error"),
        ),
      });
      return "failed";
    }
    await finish({ status: "DONE", error: null, report: report(result.warnings, result.failures) });
    return "done";
  } catch (error) {
    if (!isAppError(error)) deps.logger.error({ importJobId: job.importJobId, err: error }, "import failed");
    await finish({
      status: "FAILED",
      error: isAppError(error)
        ? `${error.message} ${AGAIN}`
        : `The import stopped (${messageOf(error)}). ${AGAIN}`,
    });
    return "failed";
  }
}

const report = (warnings: PlanProblem[], failures: PlanProblem[]) => ({ warnings, failures });
