import { z } from "zod";
import type { BrandInsights, InsightSummary, RankedStory } from "@/lib/analytics/get-brand-insights";
import type { StoryInsights } from "@/lib/analytics/get-story-insights";
import { INSIGHT_SLOTS } from "@/lib/core/insights";
import { InsightContentType, InsightOutcome, Platform } from "@/lib/db/generated/enums";

/**
 * The insight endpoints' response bodies (issue 14), as resources.ts does for the others: encoded
 * with these schemas, so only the fields listed here leave the server, and the OpenAPI document is
 * built from them. A number a platform did not report is null, never 0.
 */

const timestamp = z.codec(z.iso.datetime({ offset: true }), z.date(), {
  decode: (value) => new Date(value),
  encode: (date) => date.toISOString(),
});

const count = z.number().int().nullable();
const share = z
  .number()
  .nullable()
  .meta({ description: "Last-frame viewers ÷ first-frame viewers (0–1), stories of two frames or more." });

const metrics = {
  views: count.meta({ description: "Times the story's frames were seen (summed over frames)." }),
  reach: count.meta({ description: "People who saw it: its largest frame reach." }),
  replies: count,
  shares: count,
  follows: count,
  profileVisits: count,
  totalInteractions: count,
  navigation: count,
  tapForward: count,
  tapBack: count,
  tapExit: count,
  swipeForward: count,
};

const frameInsightSchema = z
  .object({
    position: z.number().int().meta({ description: "0-based frame order." }),
    outcome: z.enum(InsightOutcome).meta({
      description:
        "OK, or TOO_FEW_VIEWERS (the platform reports nothing under 5 viewers: the numbers are null).",
    }),
    capturedAt: timestamp,
    final: z.boolean(),
    ...metrics,
  })
  .meta({ id: "FrameInsight" });

const funnelStepSchema = z.object({
  position: z.number().int(),
  viewers: count,
  tapForward: count,
  tapBack: count,
  tapExit: count,
  swipeForward: count,
  dropPct: z.number().nullable().meta({
    description: "Of the previous frame's viewers, the % who did not see this one; null on the first frame.",
  }),
  tooFewViewers: z.boolean(),
});

export const storyInsightsSchema = z
  .object({
    storyId: z.string(),
    brandId: z.string(),
    timeZone: z.string(),
    channels: z.array(
      z.object({
        targetId: z.string(),
        channelId: z.string(),
        platform: z.enum(Platform),
        displayName: z.string(),
        status: z.enum(["NOT_REPORTED", "NOT_PUBLISHED", "WAITING", "MISSED", "NUMBERS"]).meta({
          description:
            "NOT_REPORTED: the platform's API gives no numbers (see reason). NOT_PUBLISHED: the story did not go out on this channel. WAITING: published, first reading due at firstReadingDue. MISSED: nothing was read while it was live, and now nothing can be. NUMBERS: see the rest.",
        }),
        reason: z.string().nullable().meta({ description: "Why a NOT_REPORTED platform has no numbers." }),
        publishedAt: timestamp.nullable(),
        firstReadingDue: timestamp.nullable(),
        capturedAt: timestamp.nullable().meta({ description: "The latest reading among its frames." }),
        final: z
          .boolean()
          .meta({ description: "Every frame's numbers are final (read before the story expired)." }),
        tooFewViewers: z.boolean(),
        totals: z.object({ ...metrics, completion: share }).nullable(),
        frames: z.array(frameInsightSchema),
        growth: z.array(z.object({ slot: z.enum(INSIGHT_SLOTS), at: timestamp, views: count, reach: count })),
        funnel: z
          .object({ steps: z.array(funnelStepSchema), worstAt: z.number().int().nullable() })
          .nullable(),
      }),
    ),
  })
  .meta({ id: "StoryInsights" });

const summaryShape = {
  stories: z.number().int().meta({ description: "Stories (per channel) with numbers." }),
  tooFewViewers: z.number().int(),
  views: count,
  reach: count,
  replies: count,
  completion: share,
};

const rankedSchema = z.object({
  storyId: z.string(),
  title: z.string(),
  platform: z.enum(Platform),
  channelName: z.string(),
  publishedAt: timestamp,
  final: z.boolean(),
  views: count,
  reach: count,
  replies: count,
  completion: share,
});

export const brandInsightsSchema = z
  .object({
    brandId: z.string(),
    timeZone: z.string(),
    from: z.string().meta({ description: "First day, in the brand's zone." }),
    to: z.string().meta({ description: "Last day (included), in the brand's zone." }),
    summary: z.object(summaryShape),
    series: z.array(
      z.object({
        date: z.string().meta({ description: "A day, or a week's Monday beyond 62 days." }),
        ...summaryShape,
      }),
    ),
    byPlatform: z.array(
      z.object({
        platform: z.enum(Platform),
        reported: z.boolean().meta({ description: "Whether the platform's API reports numbers at all." }),
        reason: z.string().nullable(),
        published: z.number().int().meta({ description: "Stories published on this platform in the range." }),
        ...summaryShape,
      }),
    ),
    byContentType: z.array(
      z.object({
        contentType: z.enum(InsightContentType),
        frames: z.number().int(),
        views: count,
        viewsPerFrame: count,
        reachPerFrame: count,
      }),
    ),
    top: z.array(rankedSchema),
    bottom: z.array(rankedSchema),
  })
  .meta({ id: "BrandInsights" });

/** The read model's union, flattened into one object per channel for API clients. */
export function presentStoryInsights(insights: StoryInsights): z.output<typeof storyInsightsSchema> {
  return {
    storyId: insights.storyId,
    brandId: insights.brandId,
    timeZone: insights.timeZone,
    channels: insights.channels.map((channel) => {
      const base = {
        targetId: channel.targetId,
        channelId: channel.channelId,
        platform: channel.platform,
        displayName: channel.displayName,
        reason: null,
        publishedAt: null,
        firstReadingDue: null,
        capturedAt: null,
        final: false,
        tooFewViewers: false,
        totals: null,
        frames: [],
        growth: [],
        funnel: null,
      };
      const i = channel.insights;
      if (i.kind === "none") return { ...base, status: "NOT_REPORTED" as const, reason: i.why };
      if (i.kind === "not-published") return { ...base, status: "NOT_PUBLISHED" as const };
      if (i.kind === "waiting") {
        return {
          ...base,
          status: i.expired ? ("MISSED" as const) : ("WAITING" as const),
          publishedAt: i.publishedAt,
          firstReadingDue: i.firstReadingDue,
        };
      }
      return {
        ...base,
        status: "NUMBERS" as const,
        publishedAt: i.publishedAt,
        capturedAt: i.capturedAt,
        final: i.final,
        tooFewViewers: i.tooFewViewers,
        totals: { ...pickMetrics(i.totals), completion: i.totals.completion },
        frames: i.frames.map((f) => ({
          ...pickMetrics(f),
          position: f.position,
          outcome: f.outcome,
          capturedAt: f.capturedAt,
          final: f.final,
        })),
        growth: i.growth,
        funnel: i.funnel,
      };
    }),
  };
}

function pickMetrics<T extends Record<keyof typeof metrics, number | null>>(source: T) {
  return Object.fromEntries(
    Object.keys(metrics).map((k) => [k, source[k as keyof typeof metrics]]),
  ) as Record<keyof typeof metrics, number | null>;
}

const summaryOf = (s: InsightSummary) => ({
  stories: s.stories,
  tooFewViewers: s.tooFewViewers,
  views: s.views,
  reach: s.reach,
  replies: s.replies,
  completion: s.completion,
});

const rankedOf = (story: RankedStory) => ({
  storyId: story.storyId,
  title: story.title,
  platform: story.platform,
  channelName: story.channelName,
  publishedAt: story.publishedAt,
  final: story.final,
  views: story.totals.views,
  reach: story.totals.reach,
  replies: story.totals.replies,
  completion: story.totals.completion,
});

export function presentBrandInsights(report: BrandInsights): z.output<typeof brandInsightsSchema> {
  return {
    brandId: report.brand.id,
    timeZone: report.brand.timeZone,
    from: report.range.from,
    to: report.range.to,
    summary: summaryOf(report.summary),
    series: report.series.map((point) => ({ date: point.bucket, ...summaryOf(point) })),
    byPlatform: report.byPlatform.map((row) =>
      row.kind === "none"
        ? {
            platform: row.platform,
            reported: false,
            reason: row.why,
            published: row.published,
            stories: 0,
            tooFewViewers: 0,
            views: null,
            reach: null,
            replies: null,
            completion: null,
          }
        : {
            platform: row.platform,
            reported: true,
            reason: null,
            published: row.published,
            ...summaryOf(row),
          },
    ),
    byContentType: report.byContentType,
    top: report.top.map(rankedOf),
    bottom: report.bottom.map(rankedOf),
  };
}
