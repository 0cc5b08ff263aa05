import type { ScheduleDeps } from "@/lib/stories/schedule-story";
import { horizonOf } from "@/lib/stories/schedule-story";
import type { WorkspaceContext } from "@/lib/workspaces/context";
import type { PlanProblem } from "./csv-format";
import { dryRunPlan, type PlanReport } from "./dry-run-plan";
import { preparePlannedStories } from "./prepare-planned-stories";
import { writePlannedStories } from "./write-planned-stories";

/**
 * Rows written per transaction: a few statements each of a few hundred rows, so 5,000 rows are a
 * few dozen round trips, and a progress bar moves every batch.
 */
const BATCH_ROWS = 250;

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
 * Imports a plan CSV: the dry run first, and nothing at all when it reports an error; then every
 * check scheduleStory makes (lib/import/prepare-planned-stories.ts), so each story is one a story
 * from the composer could be, and goes to review when its brand's approval policy asks for it; then
 * batched writes with their dispatch jobs (lib/import/write-planned-stories.ts). A row whose story
 * exists (its importKey, per workspace) is skipped, so importing the same file again creates
 * nothing new, also when two imports race (the unique index decides). A row the checks refuse (a
 * platform check the dry run does not repeat) is reported by row and does not stop the others.
 */
export async function importPlan(
  deps: ScheduleDeps,
  ctx: WorkspaceContext,
  bytes: Uint8Array,
  options: { brandId?: string; onProgress?: (progress: ImportProgress) => Promise<void> | void } = {},
): Promise<ImportResult> {
  const report = await dryRunPlan(deps, ctx, bytes, { brandId: options.brandId });
  if (report.problems.some((p) => p.severity === "error")) return { status: "refused", report };

  const progress: ImportProgress = {
    total: report.stories.length,
    done: 0,
    created: 0,
    skipped: 0,
    failed: 0,
  };
  await options.onProgress?.({ ...progress });
  const existing = new Set(
    (
      await deps.db.story.findMany({
        where: { workspaceId: ctx.workspaceId, importKey: { in: report.stories.map((s) => s.rowKey) } },
        select: { importKey: true },
      })
    ).map((s) => s.importKey),
  );
  const fresh = report.stories.filter((s) => !existing.has(s.rowKey));
  progress.skipped = progress.done = report.stories.length - fresh.length;

  const { prepared, failures, warnings } = await preparePlannedStories(
    { db: deps.db, now: deps.now, scheduleHorizonDays: horizonOf(deps) },
    ctx,
    fresh,
  );
  progress.failed = failures.length;
  progress.done += failures.length;
  await options.onProgress?.({ ...progress });

  for (let start = 0; start < prepared.length; start += BATCH_ROWS) {
    const batch = prepared.slice(start, start + BATCH_ROWS);
    const created = await writePlannedStories(deps, ctx, batch);
    progress.created += created;
    // Rows another import wrote since the lookup above: theirs, so skipped here.
    progress.skipped += batch.length - created;
    progress.done += batch.length;
    await options.onProgress?.({ ...progress });
  }
  const byRow = (a: PlanProblem, b: PlanProblem) => a.row - b.row;
  return {
    status: "done",
    ...progress,
    warnings: [...report.problems, ...warnings].sort(byRow),
    failures: failures.sort(byRow),
  };
}
