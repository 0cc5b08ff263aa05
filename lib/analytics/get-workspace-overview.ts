import { customRangeProblem, type DateRange, rangeInstants } from "@/lib/core/analytics-period";
import type { StoryTotals } from "@/lib/core/insight-arithmetic";
import type { DbOrTx } from "@/lib/db/client";
import type { Platform } from "@/lib/db/generated/enums";
import { AppError } from "@/lib/errors";
import { assertCan, visibleBrandFilter, type WorkspaceContext } from "@/lib/workspaces/context";
import { type InsightSummary, summarise } from "./get-brand-insights";
import { loadStoryRows } from "./story-rows";

export type OverviewStory = {
  brandName: string;
  timeZone: string;
  storyId: string;
  title: string;
  channelName: string;
  platform: Platform;
  publishedAt: Date;
  final: boolean;
  totals: StoryTotals;
};

export type WorkspaceOverview = {
  range: DateRange;
  brands: ({ id: string; name: string; timeZone: string; published: number } & InsightSummary)[];
  /** Every story (per channel) with numbers, brand by brand, oldest first: the CSV's rows. */
  stories: OverviewStory[];
};

/**
 * Every brand the caller may see, side by side over the same days (each read in its own zone),
 * for an agency's reporting: totals per brand and the stories behind them. A member limited to
 * some brands sees only those. Aggregates only: no viewer is ever named, because none is kept.
 */
export async function getWorkspaceOverview(
  db: DbOrTx,
  ctx: WorkspaceContext,
  range: DateRange,
): Promise<WorkspaceOverview> {
  assertCan(ctx, "stories:view", "see analytics");
  const problem = customRangeProblem(range.from, range.to);
  if (problem) throw new AppError("INVALID_INPUT", problem, { fields: { from: problem } });
  const brands = await db.brand.findMany({
    where: visibleBrandFilter(ctx),
    orderBy: { name: "asc" },
    select: { id: true, name: true, timeZone: true, channels: { select: { id: true } } },
  });
  const perBrand = await Promise.all(
    brands.map(async (brand) => {
      const { from, to } = rangeInstants(range, brand.timeZone);
      const [rows, published] = await Promise.all([
        loadStoryRows(db, { workspaceId: ctx.workspaceId, brandIds: [brand.id], from, to }),
        db.storyTarget.count({
          where: {
            workspaceId: ctx.workspaceId,
            state: "PUBLISHED",
            publishedAt: { gte: from, lt: to },
            // Through the brand's channels: (workspaceId, channelId, state) is indexed.
            channelId: { in: brand.channels.map((c) => c.id) },
          },
        }),
      ]);
      return { brand, rows, published };
    }),
  );
  const storyIds = [...new Set(perBrand.flatMap((b) => b.rows.map((r) => r.storyId)))];
  const stories = await db.story.findMany({
    where: { workspaceId: ctx.workspaceId, id: { in: storyIds } },
    select: {
      id: true,
      title: true,
      targets: { select: { id: true, channel: { select: { displayName: true } } } },
    },
  });
  const titles = new Map(stories.map((s) => [s.id, s.title]));
  const channelNames = new Map(
    stories.flatMap((s) => s.targets.map((t) => [t.id, t.channel.displayName] as const)),
  );
  return {
    range,
    brands: perBrand.map(({ brand, rows, published }) => ({
      id: brand.id,
      name: brand.name,
      timeZone: brand.timeZone,
      published,
      ...summarise(rows),
    })),
    stories: perBrand.flatMap(({ brand, rows }) =>
      rows.map((row) => ({
        brandName: brand.name,
        timeZone: brand.timeZone,
        storyId: row.storyId,
        title: titles.get(row.storyId) || "Untitled story",
        channelName: channelNames.get(row.targetId) ?? "",
        platform: row.platform,
        publishedAt: row.publishedAt,
        final: row.final,
        totals: row.totals,
      })),
    ),
  };
}
