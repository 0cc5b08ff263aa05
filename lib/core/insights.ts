/**
 * Story insights (issue 14): which numbers StoryRelay keeps of a published story frame, and when
 * it reads them. Pure data: the collector, the webhook intake, the analytics pages and the
 * simulators' tests all speak these names.
 *
 * Only aggregate numbers: never who viewed, even where an API offers it.
 */

/** The numbers of one story frame, in our names (the Graph API's are snake_case). */
export const INSIGHT_METRICS = [
  "views",
  "reach",
  "replies",
  "shares",
  "follows",
  "profileVisits",
  "totalInteractions",
  "navigation",
  "tapForward",
  "tapBack",
  "tapExit",
  "swipeForward",
] as const;
export type InsightMetric = (typeof INSIGHT_METRICS)[number];

/** What a platform reported; a metric it did not report is absent, never 0. */
export type InsightNumbers = Partial<Record<InsightMetric, number>>;

export const INSIGHT_SLOTS = ["H1", "H6", "H12", "H20", "FINAL"] as const;
export type InsightSlot = (typeof INSIGHT_SLOTS)[number];

const HOUR_MS = 3_600_000;

/** How long after a frame went out each reading is due. The final one comes half an hour before
 *  the story (and with it, Instagram's numbers) is gone. */
export const INSIGHT_SLOT_AFTER_MS: Record<InsightSlot, number> = {
  H1: HOUR_MS,
  H6: 6 * HOUR_MS,
  H12: 12 * HOUR_MS,
  H20: 20 * HOUR_MS,
  FINAL: 23.5 * HOUR_MS,
};

/** A story is live, and its numbers readable, for this long after it went out. */
export const STORY_LIVE_MS = 24 * HOUR_MS;

/** When a slot's reading of a frame published at `publishedAt` is due. */
export function slotDueAt(publishedAt: Date, slot: InsightSlot): Date {
  return new Date(publishedAt.getTime() + INSIGHT_SLOT_AFTER_MS[slot]);
}

/** Whether a frame published at `publishedAt` can still be read at `now`. */
export function stillLive(publishedAt: Date, now: Date): boolean {
  return now.getTime() < publishedAt.getTime() + STORY_LIVE_MS;
}
