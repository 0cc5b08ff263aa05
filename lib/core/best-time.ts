import { median } from "@/lib/core/insight-arithmetic";
import { addDays, dateInZone, weekdayOf } from "@/lib/core/plain-date";
import { wallClockAt, wallClockToInstant } from "@/lib/core/wall-clock";

/**
 * Best time to post: a weekday × hour grid in the brand's zone, built from the brand's own
 * published stories (one sample per story and channel with numbers: when it went out, and how
 * many people it reached). A cell's score is its samples' median reach: one story that went viral
 * does not make its hour "best".
 *
 * It recommends nothing until the history is worth reading: at least MIN_STORIES samples overall,
 * and only cells with at least MIN_PER_CELL of them (docs/decisions/027-analytics.md). Below that,
 * it says how many more stories it needs.
 */

export const BEST_TIME_MIN_STORIES = 20;
export const BEST_TIME_MIN_PER_CELL = 3;
/** How many cells it recommends, best first. */
export const BEST_TIME_TOP = 3;

export const WEEKDAY_LABELS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;

export type BestTimeSample = { publishedAt: Date; value: number };

export type HeatCell = {
  /** 0 Monday … 6 Sunday, in the brand's zone. */
  weekday: number;
  hour: number;
  samples: number;
  /** The median of the cell's samples; null for an empty cell. */
  median: number | null;
};

export type BestTimeGrid = {
  /** 7 × 24 cells, Monday 00:00 first, row by row. */
  cells: HeatCell[];
  total: number;
  /** The highest cell median, for shading (0 when there is none). */
  max: number;
  /** Whether there are enough samples to recommend anything. */
  ready: boolean;
  /** Stories still needed before it recommends (0 once there are enough overall). */
  moreNeeded: number;
  /** The best cells with enough samples, best first; empty until `ready`. */
  best: HeatCell[];
};

/** A sample already placed in its weekday (0 Monday … 6 Sunday) and hour in the brand's zone. */
export type PlacedSample = { weekday: number; hour: number; value: number };

/** Places each sample in its weekday and hour in `timeZone` and scores the cells. */
export function bestTimeGrid(samples: readonly BestTimeSample[], timeZone: string): BestTimeGrid {
  return scoreBestTimes(
    samples.map((sample) => ({
      weekday: weekdayOf(dateInZone(sample.publishedAt, timeZone)),
      hour: wallClockAt(sample.publishedAt, timeZone).hour,
      value: sample.value,
    })),
  );
}

/**
 * Scores samples already placed in their cells (the database places a year of a brand's stories
 * far faster than one zone conversion per sample here).
 */
export function scoreBestTimes(samples: readonly PlacedSample[]): BestTimeGrid {
  const values: number[][] = Array.from({ length: 7 * 24 }, () => []);
  for (const sample of samples) values[sample.weekday * 24 + sample.hour]?.push(sample.value);
  const cells = values.map((cell, index) => ({
    weekday: Math.floor(index / 24),
    hour: index % 24,
    samples: cell.length,
    median: median(cell),
  }));
  const moreNeeded = Math.max(0, BEST_TIME_MIN_STORIES - samples.length);
  const eligible = cells
    .filter((c) => c.samples >= BEST_TIME_MIN_PER_CELL && c.median !== null)
    .sort((a, b) => (b.median as number) - (a.median as number) || b.samples - a.samples);
  const ready = moreNeeded === 0 && eligible.length > 0;
  return {
    cells,
    total: samples.length,
    max: Math.max(0, ...cells.map((c) => c.median ?? 0)),
    ready,
    moreNeeded,
    best: ready ? eligible.slice(0, BEST_TIME_TOP) : [],
  };
}

export type UpcomingSlot = {
  weekday: number;
  hour: number;
  instant: Date /** "yyyy-MM-ddTHH:mm" in the brand's zone, the composer's field value. */;
  local: string;
};

/**
 * The next time each recommended cell comes round after `now` (at least `leadMs` ahead, so there
 * is time to finish the story), soonest first.
 */
export function upcomingSlots(
  best: readonly Pick<HeatCell, "weekday" | "hour">[],
  now: Date,
  timeZone: string,
  leadMs = 15 * 60_000,
): UpcomingSlot[] {
  const today = dateInZone(now, timeZone);
  const slots: UpcomingSlot[] = [];
  for (const cell of best) {
    for (let offset = 0; offset <= 7; offset++) {
      const date = addDays(today, offset);
      if (weekdayOf(date) !== cell.weekday) continue;
      const [year, month, day] = date.split("-").map(Number) as [number, number, number];
      const instant = wallClockToInstant({ year, month, day, hour: cell.hour, minute: 0 }, timeZone);
      if (instant.getTime() < now.getTime() + leadMs) continue;
      slots.push({ ...cell, instant, local: `${date}T${String(cell.hour).padStart(2, "0")}:00` });
      break;
    }
  }
  return slots.sort((a, b) => a.instant.getTime() - b.instant.getTime());
}
