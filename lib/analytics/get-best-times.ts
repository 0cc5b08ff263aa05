import { getBrand } from "@/lib/brands/get-brand";
import { type BestTimeGrid, scoreBestTimes, type UpcomingSlot, upcomingSlots } from "@/lib/core/best-time";
import type { DbOrTx } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";

/** How far back the heatmap reads: a year, so seasons count but a brand's early days fade out. */
export const BEST_TIME_HISTORY_DAYS = 365;

export type BestTimes = BestTimeGrid & {
  brand: { id: string; name: string; timeZone: string };
  /** What a cell's score is: people reached, or views where a platform gave no reach. */
  measure: "reach";
  /** The next time each recommended cell comes round, soonest first; empty until `ready`. */
  upcoming: UpcomingSlot[];
};

/**
 * Best time to post for a brand, from its own published stories of the last year: one sample per
 * story and channel with numbers (when its first frame went out, in the brand's zone, and its
 * reach, or its views where no reach was given). Stories with too few viewers are samples too, of
 * 0: a time nobody watches is worth knowing. See lib/core/best-time.ts for the minimum rule.
 */
export async function getBestTimes(
  db: DbOrTx,
  ctx: WorkspaceContext,
  brandId: string,
  now = new Date(),
): Promise<BestTimes> {
  assertCan(ctx, "stories:view", "see analytics");
  const brand = await getBrand(db, ctx, brandId);
  // One sample per story and channel, placed in the brand's zone by Postgres: a busy brand's year
  // is tens of thousands of frames, too many to load and convert one by one for every page view.
  // The same rules as storyTotals (lib/core/insight-arithmetic.ts): reach is the largest frame's,
  // views are summed, both over the frames with numbers; all frames "too few viewers" counts as 0.
  const since = new Date(now.getTime() - BEST_TIME_HISTORY_DAYS * 86_400_000);
  const samples = await db.$queryRaw<{ weekday: number; hour: number; value: number | null }[]>(Prisma.sql`
    SELECT (extract(isodow FROM first_at AT TIME ZONE ${brand.timeZone}) - 1)::int AS weekday,
           extract(hour FROM first_at AT TIME ZONE ${brand.timeZone})::int AS hour,
           (CASE WHEN too_few THEN 0 ELSE coalesce(reach, views) END)::int AS value
    FROM (
      SELECT min("publishedAt") AS first_at,
             bool_and(outcome = 'TOO_FEW_VIEWERS') AS too_few,
             max(reach) FILTER (WHERE outcome = 'OK') AS reach,
             sum(views) FILTER (WHERE outcome = 'OK') AS views
      FROM "FrameInsight"
      WHERE "workspaceId" = ${ctx.workspaceId} AND "brandId" = ${brand.id}
        AND "publishedAt" >= ${since} AND "publishedAt" < ${now}
      GROUP BY "targetId"
    ) AS story`);
  const grid = scoreBestTimes(
    samples.flatMap((s) => (s.value === null ? [] : [{ weekday: s.weekday, hour: s.hour, value: s.value }])),
  );
  return {
    ...grid,
    brand: { id: brand.id, name: brand.name, timeZone: brand.timeZone },
    measure: "reach",
    upcoming: grid.ready ? upcomingSlots(grid.best, now, brand.timeZone) : [],
  };
}
