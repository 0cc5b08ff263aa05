import type { ScheduleDeps } from "@/lib/stories/schedule-story";
import { horizonOf } from "@/lib/stories/schedule-story";
import type { WorkspaceContext } from "@/lib/workspaces/context";
import type { PlanProblem } from "./csv-format";
import { dryRunPlan, isFrameUrl, type PlannedStory, type PlanReport } from "./dry-run-plan";
import { fetchPlanMedia, type PlanMediaDeps, planMediaKey } from "./fetch-plan-media";
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
 * Frames given as URLs are fetched, once per URL, for the rows not imported yet only
 * (lib/import/fetch-plan-media.ts); a row whose URL cannot be used is reported the same way.
 */
export async function importPlan(
  deps: ScheduleDeps & { media?: PlanMediaDeps },
  ctx: WorkspaceContext,
  bytes: Uint8Array,
  options: { brandId?: string; onProgress?: (progress: ImportProgress) => Promise<void> | void } = {},
): Promise<ImportResult> {
  const report = await dryRunPlan({ ...deps, allowPrivateUrls: deps.media?.allowPrivate }, ctx, bytes, {
    brandId: options.brandId,
  });
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
  const unwritten = report.stories.filter((s) => !existing.has(s.rowKey));
  progress.skipped = progress.done = report.stories.length - unwritten.length;

  const fetched = await withFetchedFrames(deps, ctx, unwritten, () => options.onProgress?.({ ...progress }));
  const prepared = await preparePlannedStories(
    { db: deps.db, now: deps.now, scheduleHorizonDays: horizonOf(deps) },
    ctx,
    fetched.stories,
  );
  const failures = [...fetched.failures, ...prepared.failures];
  const { warnings } = prepared;
  progress.failed = failures.length;
  progress.done += failures.length;
  await options.onProgress?.({ ...progress });

  for (let start = 0; start < prepared.prepared.length; start += BATCH_ROWS) {
    const batch = prepared.prepared.slice(start, start + BATCH_ROWS);
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

/**
 * The rows with each frame URL replaced by the id of the asset fetched from it; a row with a URL
 * that could not be used is a failure naming the URL and why. The row keeps its key (made from the
 * URL), so a later import of the same file skips it without fetching.
 */
async function withFetchedFrames(
  deps: ScheduleDeps & { media?: PlanMediaDeps },
  ctx: WorkspaceContext,
  stories: PlannedStory[],
  onWait: () => Promise<void> | void,
): Promise<{ stories: PlannedStory[]; failures: PlanProblem[] }> {
  const sources = stories.flatMap((s) =>
    s.frames.filter(isFrameUrl).map((url) => ({ brandId: s.brandId, url })),
  );
  // The id-only plan (the common, large one) goes straight on.
  if (sources.length === 0) return { stories, failures: [] };
  const outcomes = deps.media
    ? await fetchPlanMedia({ db: deps.db, logger: deps.logger, media: deps.media }, ctx, { sources, onWait })
    : undefined;
  const ready: PlannedStory[] = [];
  const failures: PlanProblem[] = [];
  for (const story of stories) {
    const frames: string[] = [];
    const problems: string[] = [];
    for (const frame of story.frames) {
      if (!isFrameUrl(frame)) {
        frames.push(frame);
        continue;
      }
      const outcome = outcomes?.get(planMediaKey({ brandId: story.brandId, url: frame })) ?? {
        problem: `${frame} was not fetched: this server's import runs without media storage.`,
      };
      if ("assetId" in outcome) frames.push(outcome.assetId);
      else problems.push(outcome.problem);
    }
    if (problems.length === 0) ready.push({ ...story, frames });
    else
      failures.push({
        row: story.row,
        column: "frames",
        severity: "error",
        problem: problems.join(" "),
        fix: "Fix the URL (a public https:// address of an image or video) or write a media id, and import the file again: the rows already imported are skipped.",
      });
  }
  return { stories: ready, failures };
}
