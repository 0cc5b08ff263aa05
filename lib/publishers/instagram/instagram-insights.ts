import { z } from "zod";
import type { InsightMetric, InsightNumbers } from "@/lib/core/insights";
import type { InsightsReading, PlatformUsage, PublisherAccount, PublisherEndpoints } from "../contract";
import { isPublisherError } from "../publisher-error";
import { instagramClient } from "./instagram-client";

/**
 * Exactly what StoryRelay asks for a story, per Meta's current reference: `impressions` and
 * `plays` were deprecated on 2025-04-21 (`views` replaced them) and are never asked.
 */
export const INSTAGRAM_STORY_METRICS = [
  "views",
  "reach",
  "replies",
  "shares",
  "follows",
  "profile_visits",
  "total_interactions",
  "navigation",
] as const;

const METRIC_NAMES: Record<(typeof INSTAGRAM_STORY_METRICS)[number], InsightMetric> = {
  views: "views",
  reach: "reach",
  replies: "replies",
  shares: "shares",
  follows: "follows",
  profile_visits: "profileVisits",
  total_interactions: "totalInteractions",
  navigation: "navigation",
};

/** `story_navigation_action_type` values, in our names. */
const NAVIGATION_ACTIONS: Record<string, InsightMetric> = {
  tap_forward: "tapForward",
  tap_back: "tapBack",
  tap_exit: "tapExit",
  swipe_forward: "swipeForward",
};

const count = z.coerce.number().int().min(0);

const insightsSchema = z.object({
  data: z.array(
    z.object({
      name: z.string(),
      values: z.array(z.object({ value: count.optional().catch(undefined) })).optional(),
      total_value: z
        .object({
          value: count.optional().catch(undefined),
          breakdowns: z
            .array(
              z.object({
                results: z
                  .array(z.object({ dimension_values: z.array(z.string()), value: count.catch(0) }))
                  .default([]),
              }),
            )
            .optional(),
        })
        .optional(),
    }),
  ),
});

/** Error 10 is also "permission missing"; only its "not enough viewers" form means too few viewers. */
function isTooFewViewers(error: unknown): boolean {
  return (
    isPublisherError(error) &&
    error.platformCode?.split("/")[0] === "10" &&
    /viewer/i.test(error.platformMessage ?? "")
  );
}

/**
 * GET /{ig-media-id}/insights?metric=…&breakdown=story_navigation_action_type: one reading of a
 * live story's lifetime numbers. Metrics Meta leaves out stay absent (never 0); an empty list
 * means the story expired and its numbers are gone; error 10 about viewers means fewer than 5.
 */
export async function readInstagramInsights(
  account: PublisherAccount,
  mediaId: string,
  endpoints: PublisherEndpoints,
): Promise<InsightsReading> {
  let usage: PlatformUsage | undefined;
  const observed: PublisherEndpoints = {
    ...endpoints,
    onUsage: (seen) => {
      usage = seen;
      endpoints.onUsage?.(seen);
    },
  };
  let answer: z.infer<typeof insightsSchema>;
  try {
    ({ data: answer } = await instagramClient(account, observed).request({
      method: "GET",
      path: `${mediaId}/insights`,
      params: {
        metric: INSTAGRAM_STORY_METRICS.join(","),
        breakdown: "story_navigation_action_type",
      },
      schema: insightsSchema,
    }));
  } catch (error) {
    if (isTooFewViewers(error)) return { kind: "too_few_viewers", usage };
    throw error;
  }
  if (answer.data.length === 0) return { kind: "gone", usage };

  const numbers: InsightNumbers = {};
  for (const entry of answer.data) {
    const name = METRIC_NAMES[entry.name as keyof typeof METRIC_NAMES];
    if (!name) continue;
    const value = entry.values?.[0]?.value ?? entry.total_value?.value;
    if (value !== undefined) numbers[name] = value;
    for (const breakdown of entry.total_value?.breakdowns ?? []) {
      for (const result of breakdown.results) {
        const action = NAVIGATION_ACTIONS[(result.dimension_values[0] ?? "").toLowerCase()];
        if (action) numbers[action] = result.value;
      }
    }
  }
  return { kind: "numbers", numbers, usage };
}
