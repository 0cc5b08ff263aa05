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

/** A number in [0, 1) from a text, the same every run: the simulated numbers' only "randomness". */
function unit(seed: string): number {
  // FNV-1a, 32 bits.
  let hash = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    hash ^= seed.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) / 2 ** 32;
}

const between = (range: { min: number; max: number }, at: number) => range.min + (range.max - range.min) * at;

type Navigation = { TAP_FORWARD: number; TAP_BACK: number; TAP_EXIT: number; SWIPE_FORWARD: number };

/** What a live story reports at one instant, or why it reports nothing. */
export type StoryInsightsAt =
  | { kind: "numbers"; values: Record<Metric, number>; navigation: Navigation }
  | { kind: "too_few_viewers"; viewers: number }
  | { kind: "gone" };

/**
 * Viewers of the frame at `position` of a sequence, `minutes` after the sequence went out: the
 * first frame's audience along a saturating curve (most viewers come in the first hours), and
 * each later frame keeps the account's retention share of the one before.
 */
function viewersAt(state: SimState, media: InstagramMedia, position: number, minutes: number): number {
  const options = state.options.instagram.insights;
  const retention = between(options.frameRetention, unit(`retention:${media.accountId}`));
  const linear = state.options.instagram.viewersPerMinute;
  if (linear !== undefined) return Math.floor(Math.max(0, minutes) * linear * retention ** position);
  const audience =
    between(options.audience, unit(`audience:${media.accountId}`)) *
    (0.85 + 0.3 * unit(`sequence:${media.sequence.firstId}`));
  const grown = 1 - Math.exp(-Math.max(0, minutes) / options.riseMinutes);
  return Math.floor(audience * grown * retention ** position);
}

/** The name the story_insights webhook (simulators/webhooks/) knows the reading by. */
export type StoryInsights = StoryInsightsAt;

/**
 * A story's numbers at `now` (simulated), deterministic per account and story ids. Navigation
 * agrees with the drop-off: of a frame's viewers, those who tapped forward are the next frame's
 * viewers, the rest left by exiting or swiping to the next account; on the last frame a tap
 * forward also leaves the sequence. Aggregates only: nobody's identity exists here to leak.
 * Also what a `story_insights` webhook delivery at expiry would carry.
 */
export function storyInsightsAt(state: SimState, media: InstagramMedia, now: number): StoryInsightsAt {
  // Insights exist only while the story is live; after that the data is simply gone.
  if (now >= media.publishedAt + state.options.storyLifetimeMs) return { kind: "gone" };
  const minutes = (now - media.sequence.firstAt) / 60_000;
  const { position, nextId } = media.sequence;
  const viewers = viewersAt(state, media, position, minutes);
  if (viewers < state.options.instagram.minViewersForInsights) return { kind: "too_few_viewers", viewers };

  const tapBack = Math.floor(viewers * (0.03 + 0.04 * unit(`back:${media.id}`)));
  let tapForward: number;
  let leaving: number;
  if (nextId !== undefined) {
    tapForward = Math.min(viewers, viewersAt(state, media, position + 1, minutes));
    leaving = viewers - tapForward;
  } else {
    // The end of the sequence: a tap forward leaves it too (on to the next account's story).
    tapForward = Math.floor(viewers * 0.55);
    leaving = viewers - tapForward;
  }
  const tapExit = Math.round(leaving * (0.55 + 0.2 * unit(`exit:${media.id}`)));
  const navigation: Navigation = {
    TAP_FORWARD: tapForward,
    TAP_BACK: tapBack,
    TAP_EXIT: tapExit,
    SWIPE_FORWARD: leaving - tapExit,
  };

  const share = (name: string, low: number, high: number) =>
    Math.floor(viewers * (low + (high - low) * unit(`${name}:${media.id}`)));
  const replies = share("replies", 0.01, 0.04);
  const shares = share("shares", 0.002, 0.012);
  const follows = share("follows", 0.001, 0.006);
  const values: Record<Metric, number> = {
    reach: viewers,
    // Some viewers watch twice.
    views: viewers + share("views", 0.1, 0.35),
    replies,
    shares,
    follows,
    profile_visits: share("profile_visits", 0.01, 0.05),
    total_interactions: replies + shares + follows,
    navigation: tapForward + tapBack + tapExit + (leaving - tapExit),
  };
  return { kind: "numbers", values, navigation };
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

  const read = storyInsightsAt(state, media, state.now());
  if (read.kind === "gone") return json({ data: [] });
  if (read.kind === "too_few_viewers") {
    throw graphError({
      code: 10,
      message: "(#10) Not enough viewers for the media to show insights",
      userTitle: "Not enough viewers",
      userMsg: "The media has fewer than 5 viewers, so insights are not available yet.",
    });
  }

  const data = (asked as Metric[]).map((metric) => {
    const value = read.values[metric];
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
            results: Object.entries(read.navigation).map(([action, count]) => ({
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
