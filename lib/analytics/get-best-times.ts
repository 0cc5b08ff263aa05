import { getBrand } from "@/lib/brands/get-brand";
import { type BestTimeGrid, bestTimeGrid, type UpcomingSlot, upcomingSlots } from "@/lib/core/best-time";
import type { DbOrTx } from "@/lib/db/client";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";
import { loadStoryRows } from "./story-rows";

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
  const rows = await loadStoryRows(db, {
    workspaceId: ctx.workspaceId,
    brandIds: [brand.id],
    from: new Date(now.getTime() - BEST_TIME_HISTORY_DAYS * 86_400_000),
    to: now,
  });
  const samples = rows.flatMap((row) => {
    const value = row.totals.tooFewViewers ? 0 : (row.totals.reach ?? row.totals.views);
    return value === null ? [] : [{ publishedAt: row.publishedAt, value }];
  });
  const grid = bestTimeGrid(samples, brand.timeZone);
  return {
    ...grid,
    brand: { id: brand.id, name: brand.name, timeZone: brand.timeZone },
    measure: "reach",
    upcoming: grid.ready ? upcomingSlots(grid.best, now, brand.timeZone) : [],
  };
}
