import { isUniqueViolation } from "@/lib/db/errors";
import { isAppError } from "@/lib/errors";
import { type ScheduleDeps, scheduleStory } from "@/lib/stories/schedule-story";
import type { WorkspaceContext } from "@/lib/workspaces/context";
import type { PlanProblem } from "./csv-format";
import { dryRunPlan, type PlanReport } from "./dry-run-plan";

const IMPORT_CONCURRENCY = 8;

export type ImportProgress = {
  total: number;
  done: number;
  created: number;
  skipped: number;
  failed: number;
};

export type ImportResult =
  /** The dry run found errors: nothing was written; fix the rows and import again. */
  | { status: "refused"; report: PlanReport }
  | (ImportProgress & { status: "done"; warnings: PlanProblem[]; failures: PlanProblem[] });

/**
 * Imports a plan CSV: the dry run first, and nothing at all when it reports an error; then one
 * scheduleStory per row, so each story passes every check a story from the composer passes and
 * goes to review when its brand requires approval. A row whose story exists (its importKey, per
 * workspace) is skipped, so importing the same file again creates nothing new, also when two
 * imports race (the unique index decides). A row the scheduling refuses (a platform check the dry
 * run does not repeat) is reported by row and does not stop the others.
 */
export async function importPlan(
  deps: ScheduleDeps,
  ctx: WorkspaceContext,
  bytes: Uint8Array,
  options: { brandId?: string; onProgress?: (progress: ImportProgress) => Promise<void> | void } = {},
): Promise<ImportResult> {
  const report = await dryRunPlan(deps, ctx, bytes, { brandId: options.brandId });
  if (report.problems.some((p) => p.severity === "error")) return { status: "refused", report };

  const existing = new Set(
    (
      await deps.db.story.findMany({
        where: { workspaceId: ctx.workspaceId, importKey: { in: report.stories.map((s) => s.rowKey) } },
        select: { importKey: true },
      })
    ).map((s) => s.importKey),
  );
  const progress: ImportProgress = {
    total: report.stories.length,
    done: 0,
    created: 0,
    skipped: 0,
    failed: 0,
  };
  const failures: PlanProblem[] = [];
  await options.onProgress?.({ ...progress });
  const importOne = async (story: PlanReport["stories"][number]) => {
    if (existing.has(story.rowKey)) {
      progress.skipped++;
    } else {
      try {
        await scheduleStory(
          deps,
          ctx,
          {
            brandId: story.brandId,
            channelIds: story.channelIds,
            frames: story.frames,
            title: story.title,
            whatsappText: story.whatsappText ?? undefined,
            when: { local: story.local, timeZone: story.timeZone },
          },
          { importKey: story.rowKey },
        );
        progress.created++;
      } catch (error) {
        if (isUniqueViolation(error)) progress.skipped++;
        else if (isAppError(error)) {
          progress.failed++;
          failures.push({
            row: story.row,
            column: null,
            severity: "error",
            problem: error.message,
            fix: "Fix the row and import the file again: the rows already imported are skipped.",
          });
        } else throw error;
      }
    }
    progress.done++;
    // Every 50 rows: often enough for a progress bar, rare enough not to slow 5,000 rows down.
    if (progress.done % 50 === 0 || progress.done === progress.total)
      await options.onProgress?.({ ...progress });
  };
  // A few rows at a time: each row is a handful of round trips to Postgres and Redis, so rows in
  // flight overlap their waits; more would only queue on the connection pool.
  let next = 0;
  await Promise.all(
    Array.from({ length: IMPORT_CONCURRENCY }, async () => {
      while (next < report.stories.length) {
        const story = report.stories[next++];
        if (story) await importOne(story);
      }
    }),
  );
  failures.sort((a, b) => a.row - b.row);
  return { status: "done", ...progress, warnings: report.problems, failures };
}
