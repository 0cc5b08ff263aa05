import type { InstagramMedia } from "../core/entities";
import type { SimState } from "../core/sim-state";
import type { SimRequest } from "../http/read-request";
import { json, type SimResponse } from "../http/sim-response";
import { authenticate, requireInstagramAccess, requireInstagramScope } from "./graph-auth";
import { graphError, missingParameter } from "./graph-error";

const METRICS = [
  "reach",
  "replies",
  "navigation",
  "follows",
  "profile_visits",
  "shares",
  "total_interactions",
  "views",
] as const;
type Metric = (typeof METRICS)[number];

const TITLES: Record<Metric, string> = {
  reach: "Accounts reached",
  replies: "Replies",
  navigation: "Navigation",
  follows: "Follows",
  profile_visits: "Profile visits",
  shares: "Shares",
  total_interactions: "Interactions",
  views: "Views",
};

function navigationBreakdown(viewers: number) {
  return {
    TAP_FORWARD: Math.floor(viewers * 0.6),
    TAP_BACK: Math.floor(viewers * 0.1),
    TAP_EXIT: Math.floor(viewers * 0.15),
    SWIPE_FORWARD: Math.floor(viewers * 0.1),
  };
}

/** Numbers that only grow with the story's age, so a collector sees them change while it is live. */
function metricValue(metric: Metric, viewers: number): number {
  const replies = Math.floor(viewers / 20);
  const shares = Math.floor(viewers / 40);
  const follows = Math.floor(viewers / 50);
  switch (metric) {
    case "reach":
      return viewers;
    case "views":
      return Math.floor(viewers * 1.3);
    case "replies":
      return replies;
    case "shares":
      return shares;
    case "follows":
      return follows;
    case "profile_visits":
      return Math.floor(viewers / 10);
    case "total_interactions":
      return replies + shares + follows;
    case "navigation":
      return Object.values(navigationBreakdown(viewers)).reduce((sum, value) => sum + value, 0);
  }
}

export type StoryInsights =
  | { kind: "gone" }
  | { kind: "too_few_viewers" }
  | {
      kind: "numbers";
      values: Record<Metric, number>;
      navigation: ReturnType<typeof navigationBreakdown>;
    };

/**
 * A story's lifetime numbers at simulated time `at`, as the insights call answers them: the one
 * source of the numbers, so the story_insights webhook (simulators/webhooks/) delivers at expiry
 * exactly what a poll just before it would have read.
 */
export function storyInsightsAt(state: SimState, media: InstagramMedia, at: number): StoryInsights {
  if (at >= media.publishedAt + state.options.storyLifetimeMs) return { kind: "gone" };
  const options = state.options.instagram;
  const minutes = (at - media.publishedAt) / 60_000;
  const viewers = Math.floor(minutes * options.viewersPerMinute);
  if (viewers < options.minViewersForInsights) return { kind: "too_few_viewers" };
  const values = Object.fromEntries(METRICS.map((metric) => [metric, metricValue(metric, viewers)]));
  return {
    kind: "numbers",
    values: values as Record<Metric, number>,
    navigation: navigationBreakdown(viewers),
  };
}

// GET /{ig-media-id}/insights?metric=… – lifetime story metrics while the story is live
export function readInsights(state: SimState, req: SimRequest, media: InstagramMedia): SimResponse {
  const token = authenticate(state, req);
  requireInstagramAccess(state, token, media.accountId, req.method, media.id);
  requireInstagramScope(token, "manage_insights");
  const raw = req.params.get("metric");
  if (!raw) throw missingParameter("metric");
  const asked = raw.split(",").map((metric) => metric.trim());
  for (const [index, metric] of asked.entries()) {
    if (!(METRICS as readonly string[]).includes(metric)) {
      throw graphError({
        code: 100,
        message: `(#100) metric[${index}] must be one of the following values: ${METRICS.join(", ")}`,
      });
    }
  }
  const breakdown = req.params.get("breakdown");
  if (breakdown !== undefined && breakdown !== "story_navigation_action_type") {
    throw graphError({
      code: 100,
      message: `(#100) breakdown ${breakdown} is not supported for this metric`,
    });
  }

  const insights = storyInsightsAt(state, media, state.now());
  // Insights exist only while the story is live; after that the data is simply gone.
  if (insights.kind === "gone") return json({ data: [] });
  if (insights.kind === "too_few_viewers") {
    throw graphError({
      code: 10,
      message: "(#10) Not enough viewers for the media to show insights",
      userTitle: "Not enough viewers",
      userMsg: "The media has fewer than 5 viewers, so insights are not available yet.",
    });
  }

  const data = (asked as Metric[]).map((metric) => {
    const value = insights.values[metric];
    const entry: Record<string, unknown> = {
      name: metric,
      period: "lifetime",
      values: [{ value }],
      title: TITLES[metric],
      description: `${TITLES[metric]} of this story`,
      id: `${media.id}/insights/${metric}/lifetime`,
    };
    if (metric === "navigation" && breakdown) {
      entry.total_value = {
        value,
        breakdowns: [
          {
            dimension_keys: ["story_navigation_action_type"],
            results: Object.entries(insights.navigation).map(([action, count]) => ({
              dimension_values: [action],
              value: count,
            })),
          },
        ],
      };
    }
    return entry;
  });
  return json({ data });
}
