import type { InsightMetric } from "@/lib/core/insights";

/**
 * The arithmetic of the analytics pages (issue 14), over the latest numbers kept per published
 * frame (FrameInsight). Pure: the read models in lib/analytics load rows and call these.
 *
 * What counts how (docs/decisions/027-analytics.md):
 * - A story's **views**, **replies**, **shares**, … are the sums over its frames: Instagram counts
 *   each frame as its own media, and a reply or a share is made on one frame.
 * - A story's **reach** (people) is its largest frame reach, in practice the first frame's: every
 *   viewer starts there, and summing frames would count one person once per frame.
 * - **Completion** is last-frame viewers ÷ first-frame viewers, for stories of two frames or more (a
 *   single frame would always complete, and would flatter an average). Over many stories it is
 *   weighted: Σ last-frame viewers ÷ Σ first-frame viewers.
 * - A metric no frame reported stays null (unknown), never 0; a frame with "too few viewers"
 *   (Instagram reports nothing under 5) adds nothing to sums and is counted apart.
 */

/** One frame's latest numbers, as FrameInsight keeps them. */
export type FrameNumbers = {
  position: number;
  lastFrame: boolean;
  outcome: "OK" | "TOO_FEW_VIEWERS" | "THINNED";
} & Record<InsightMetric, number | null>;

/** The metrics summed over a story's frames (reach is not: see storyTotals). */
const SUMMED = [
  "views",
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
] as const satisfies readonly InsightMetric[];

/** The sum of the known values; null when none is known (unknown is not zero). */
export function sumKnown(values: readonly (number | null | undefined)[]): number | null {
  let total: number | null = null;
  for (const value of values) {
    if (value === null || value === undefined) continue;
    total = (total ?? 0) + value;
  }
  return total;
}

export function maxKnown(values: readonly (number | null | undefined)[]): number | null {
  let max: number | null = null;
  for (const value of values) {
    if (value === null || value === undefined) continue;
    max = max === null ? value : Math.max(max, value);
  }
  return max;
}

/** The median of `values` (the mean of the middle two for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** `part ÷ whole`, or null when either is unknown or the whole is 0. */
export function ratio(part: number | null, whole: number | null): number | null {
  if (part === null || whole === null || whole === 0) return null;
  return part / whole;
}

export type StoryTotals = Record<InsightMetric, number | null> & {
  /** Frames with numbers; frames with "too few viewers" are not among them. */
  framesWithNumbers: number;
  frameCount: number;
  /** Every frame the story has numbers for reported "too few viewers". */
  tooFewViewers: boolean;
  /** First-frame and last-frame viewers (reach): the two halves of completion. */
  firstViewers: number | null;
  lastViewers: number | null;
  /** lastViewers ÷ firstViewers for a story of two frames or more; null otherwise. */
  completion: number | null;
};

/** One story on one channel, from its frames' latest numbers (see the file comment for what counts how). */
export function storyTotals(frames: readonly FrameNumbers[]): StoryTotals {
  const ok = frames.filter((f) => f.outcome === "OK");
  const sums = Object.fromEntries(
    SUMMED.map((metric) => [metric, sumKnown(ok.map((f) => f[metric]))]),
  ) as Record<(typeof SUMMED)[number], number | null>;
  const ordered = [...frames].sort((a, b) => a.position - b.position);
  const first = ordered[0];
  const last = ordered.find((f) => f.lastFrame) ?? ordered[ordered.length - 1];
  const multiFrame = first !== undefined && last !== undefined && first !== last;
  // "Too few viewers" is fewer than 5, not a number: completion stays unknown rather than guessed.
  const viewersOf = (frame: FrameNumbers | undefined) => (frame?.outcome === "OK" ? frame.reach : null);
  const firstViewers = viewersOf(first);
  const lastViewers = multiFrame ? viewersOf(last) : firstViewers;
  return {
    ...sums,
    reach: maxKnown(ok.map((f) => f.reach)),
    framesWithNumbers: ok.length,
    frameCount: frames.length,
    tooFewViewers: frames.length > 0 && frames.every((f) => f.outcome === "TOO_FEW_VIEWERS"),
    firstViewers,
    lastViewers,
    completion: multiFrame ? ratio(lastViewers, firstViewers) : null,
  };
}

/**
 * Completion over many stories, weighted by their first-frame viewers: Σ last ÷ Σ first over the
 * multi-frame stories that know both. A story of 10 viewers does not weigh like one of 10,000.
 */
export function weightedCompletion(
  stories: readonly Pick<StoryTotals, "completion" | "firstViewers" | "lastViewers">[],
) {
  let first = 0;
  let last = 0;
  for (const story of stories) {
    if (story.completion === null || story.firstViewers === null || story.lastViewers === null) continue;
    first += story.firstViewers;
    last += story.lastViewers;
  }
  return ratio(first === 0 ? null : last, first === 0 ? null : first);
}

export type FunnelStep = {
  position: number;
  /** People who saw this frame (its reach); null when the platform did not say. */
  viewers: number | null;
  tapForward: number | null;
  tapBack: number | null;
  tapExit: number | null;
  swipeForward: number | null;
  /** Of the previous frame's viewers, the share who did not see this one, in % (one decimal); null on the first frame or when unknown. */
  dropPct: number | null;
  tooFewViewers: boolean;
};

/**
 * A multi-frame story's funnel on one channel: viewers per frame in order, what they did there,
 * and the drop-off from each frame to the next. `worstAt` is the position of the frame with the
 * largest drop (the first of equals), null when no drop is known or nobody dropped.
 */
export function frameFunnel(frames: readonly FrameNumbers[]): {
  steps: FunnelStep[];
  worstAt: number | null;
} {
  const ordered = [...frames].sort((a, b) => a.position - b.position);
  const steps: FunnelStep[] = [];
  let worstAt: number | null = null;
  let worstDrop = 0;
  for (const frame of ordered) {
    const ok = frame.outcome === "OK";
    const viewers = ok ? frame.reach : null;
    const previous = steps[steps.length - 1];
    const drop =
      previous === undefined
        ? null
        : ratio(
            previous.viewers === null || viewers === null ? null : previous.viewers - viewers,
            previous.viewers,
          );
    const dropPct = drop === null ? null : Math.round(drop * 1000) / 10;
    if (dropPct !== null && dropPct > worstDrop) {
      worstDrop = dropPct;
      worstAt = frame.position;
    }
    steps.push({
      position: frame.position,
      viewers,
      tapForward: ok ? frame.tapForward : null,
      tapBack: ok ? frame.tapBack : null,
      tapExit: ok ? frame.tapExit : null,
      swipeForward: ok ? frame.swipeForward : null,
      dropPct,
      tooFewViewers: frame.outcome === "TOO_FEW_VIEWERS",
    });
  }
  return { steps, worstAt };
}

/** A share as people read it: 0.4567 → "45.7%"; null → "—". */
export function formatPercent(value: number | null): string {
  return value === null ? "—" : `${(Math.round(value * 1000) / 10).toFixed(1)}%`;
}
