import { getBrand } from "@/lib/brands/get-brand";
import {
  bucketOf,
  customRangeProblem,
  type DateRange,
  rangeBuckets,
  rangeInstants,
} from "@/lib/core/analytics-period";
import { type StoryTotals, sumKnown, weightedCompletion } from "@/lib/core/insight-arithmetic";
import { dateInZone } from "@/lib/core/plain-date";
import { PLATFORM_DESCRIPTORS } from "@/lib/core/platforms/registry";
import type { DbOrTx } from "@/lib/db/client";
import type { InsightContentType, Platform } from "@/lib/db/generated/enums";
import { AppError } from "@/lib/errors";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";
import { loadStoryRows, type StoryRow } from "./story-rows";

/** The numbers a group of stories adds up to. */
export type InsightSummary = {
  /** Stories (per channel) with numbers in the group. */
  stories: number;
  /** Of them, how many had too few viewers for the platform to report anything. */
  tooFewViewers: number;
  views: number | null;
  reach: number | null;
  replies: number | null;
  /** Weighted: Σ last-frame viewers ÷ Σ first-frame viewers over multi-frame stories. */
  completion: number | null;
};

export type RankedStory = {
  storyId: string;
  targetId: string;
  title: string;
  platform: Platform;
  channelName: string;
  publishedAt: Date;
  final: boolean;
  totals: StoryTotals;
};

export type BrandInsights = {
  brand: { id: string; name: string; timeZone: string };
  range: DateRange;
  /** The instants the range covers in the brand's zone. */
  from: Date;
  to: Date;
  summary: InsightSummary;
  /** One point per day (per week, beyond two months), in the brand's zone. */
  series: ({ bucket: string } & InsightSummary)[];
  /** Every platform StoryRelay knows, with what it reports. */
  byPlatform: (
    | ({ platform: Platform; name: string; kind: "polled"; published: number } & InsightSummary)
    | { platform: Platform; name: string; kind: "none"; published: number; why: string }
  )[];
  /** Per frame: each frame is a photo, a video or a text status. */
  byContentType: {
    contentType: InsightContentType;
    frames: number;
    views: number | null;
    /** Averages over the frames that reported them (a frame's reach can't be summed into people). */
    viewsPerFrame: number | null;
    reachPerFrame: number | null;
  }[];
  /** By reach, then views: the best five and the worst five (apart from the best when there are fewer than ten). */
  top: RankedStory[];
  bottom: RankedStory[];
};

export const CONTENT_TYPES: readonly InsightContentType[] = ["PHOTO", "VIDEO", "TEXT"];

/** Stories ranked at each end of a brand's report. */
const RANKED = 5;

export function summarise(rows: readonly StoryRow[]): InsightSummary {
  const withNumbers = rows.filter((r) => !r.totals.tooFewViewers);
  return {
    stories: rows.length,
    tooFewViewers: rows.length - withNumbers.length,
    views: sumKnown(withNumbers.map((r) => r.totals.views)),
    reach: sumKnown(withNumbers.map((r) => r.totals.reach)),
    replies: sumKnown(withNumbers.map((r) => r.totals.replies)),
    completion: weightedCompletion(withNumbers.map((r) => r.totals)),
  };
}

/**
 * A brand's analytics over a range of days in its zone: totals, a series over time, by platform
 * (a platform that reports nothing says why, with how many stories went out there), by content
 * type, and the top and bottom stories. Read from FrameInsight (the latest numbers per frame), so
 * its cost follows the stories in the range, not the snapshots kept. Another workspace's brand, or
 * one the member is not given, is NOT_FOUND.
 */
export async function getBrandInsights(
  db: DbOrTx,
  ctx: WorkspaceContext,
  brandId: string,
  range: DateRange,
): Promise<BrandInsights> {
  assertCan(ctx, "stories:view", "see analytics");
  const brand = await getBrand(db, ctx, brandId);
  const problem = customRangeProblem(range.from, range.to);
  if (problem) throw new AppError("INVALID_INPUT", problem, { fields: { from: problem } });
  const { from, to } = rangeInstants(range, brand.timeZone);

  // Published targets are counted through the brand's channels: (workspaceId, channelId, state)
  // is indexed, where a filter through the story is not.
  const channels = await db.channel.findMany({
    where: { workspaceId: ctx.workspaceId, brandId: brand.id },
    select: { id: true, platform: true, displayName: true },
  });
  const [rows, published] = await Promise.all([
    loadStoryRows(db, {
      workspaceId: ctx.workspaceId,
      brandIds: [brand.id],
      from,
      to,
      timeZone: brand.timeZone,
    }),
    db.storyTarget.groupBy({
      by: ["channelId"],
      where: {
        workspaceId: ctx.workspaceId,
        channelId: { in: channels.map((c) => c.id) },
        state: "PUBLISHED",
        publishedAt: { gte: from, lt: to },
      },
      _count: { _all: true },
    }),
  ]);
  const channelById = new Map(channels.map((c) => [c.id, c]));

  const buckets = rangeBuckets(range);
  const byBucket = new Map<string, StoryRow[]>(buckets.map((b) => [b, []]));
  for (const row of rows)
    byBucket.get(bucketOf(row.localDate ?? dateInZone(row.publishedAt, brand.timeZone), range))?.push(row);

  const publishedBy = new Map<string, number>();
  for (const group of published) {
    const platform = channelById.get(group.channelId)?.platform;
    if (platform) publishedBy.set(platform, (publishedBy.get(platform) ?? 0) + group._count._all);
  }

  // Only the ranked stories need their titles: a month of a busy brand is a thousand stories.
  const sorted = rows
    .filter((r) => !r.totals.tooFewViewers && (r.totals.reach !== null || r.totals.views !== null))
    .sort(
      (a, b) =>
        (b.totals.reach ?? -1) - (a.totals.reach ?? -1) ||
        (b.totals.views ?? -1) - (a.totals.views ?? -1) ||
        a.publishedAt.getTime() - b.publishedAt.getTime(),
    );
  // With fewer than ten, the bottom five are those not already in the top five.
  const ends = [...sorted.slice(0, RANKED), ...sorted.slice(Math.max(RANKED, sorted.length - RANKED))];
  const stories = await db.story.findMany({
    where: { workspaceId: ctx.workspaceId, id: { in: [...new Set(ends.map((r) => r.storyId))] } },
    select: { id: true, title: true },
  });
  const titles = new Map(stories.map((s) => [s.id, s.title]));
  const rank = (row: StoryRow): RankedStory => ({
    storyId: row.storyId,
    targetId: row.targetId,
    title: titles.get(row.storyId) || "Untitled story",
    platform: row.platform,
    channelName: channelById.get(row.channelId)?.displayName ?? "",
    publishedAt: row.publishedAt,
    final: row.final,
    totals: row.totals,
  });
  const top = sorted.slice(0, RANKED).map(rank);
  const bottom = sorted
    .slice(Math.max(RANKED, sorted.length - RANKED))
    .reverse()
    .map(rank);

  const frames = rows.flatMap((r) => r.frames.filter((f) => f.outcome === "OK"));
  return {
    brand: { id: brand.id, name: brand.name, timeZone: brand.timeZone },
    range,
    from,
    to,
    summary: summarise(rows),
    series: buckets.map((bucket) => ({ bucket, ...summarise(byBucket.get(bucket) ?? []) })),
    byPlatform: PLATFORM_DESCRIPTORS.map((descriptor) => {
      const platform = descriptor.platform as Platform;
      const common = { platform, name: descriptor.name, published: publishedBy.get(platform) ?? 0 };
      return descriptor.insights.kind === "none"
        ? { ...common, kind: "none" as const, why: descriptor.insights.why }
        : { ...common, kind: "polled" as const, ...summarise(rows.filter((r) => r.platform === platform)) };
    }),
    byContentType: CONTENT_TYPES.map((contentType) => {
      const own = frames.filter((f) => f.contentType === contentType);
      const views = sumKnown(own.map((f) => f.views));
      return {
        contentType,
        frames: own.length,
        views,
        viewsPerFrame: averageKnown(own.map((f) => f.views)),
        reachPerFrame: averageKnown(own.map((f) => f.reach)),
      };
    }),
    top,
    bottom,
  };
}

/** Today's date in the brand's zone, and the range a preset covers. */
export function todayIn(timeZone: string, now = new Date()): string {
  return dateInZone(now, timeZone);
}

function averageKnown(values: readonly (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length === 0 ? null : Math.round(known.reduce((a, b) => a + b, 0) / known.length);
}
