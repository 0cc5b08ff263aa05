import { addDays, daysBetween, midnightOf, weekdayOf } from "@/lib/core/plain-date";
import { wallClockToInstant } from "@/lib/core/wall-clock";

/**
 * The days a calendar view shows, as plain dates ("2026-03-08": no zone, no instant), and the
 * instants that may fall on them in any zone. Weeks start on Monday.
 */

export const CALENDAR_VIEWS = ["month", "week", "list"] as const;
export type CalendarView = (typeof CALENDAR_VIEWS)[number];

const DAY_MS = 86_400_000;

const fromUtcMs = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The Monday on or before `date`. */
export function startOfWeek(date: string): string {
  return addDays(date, -weekdayOf(date));
}

function firstOfMonth(date: string): string {
  return `${date.slice(0, 8)}01`;
}

function lastOfMonth(date: string): string {
  const first = new Date(midnightOf(firstOfMonth(date)));
  return fromUtcMs(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0));
}

/**
 * The days on screen: for a month, whole weeks from the Monday before the 1st to the Sunday
 * after the last day; for a week or the list, Monday to Sunday of `anchor`'s week.
 */
export function visibleDays(view: CalendarView, anchor: string): string[] {
  const first = view === "month" ? startOfWeek(firstOfMonth(anchor)) : startOfWeek(anchor);
  const last = view === "month" ? addDays(startOfWeek(lastOfMonth(anchor)), 6) : addDays(first, 6);
  return Array.from({ length: daysBetween(first, last) + 1 }, (_, i) => addDays(first, i));
}

/** The anchor of the previous (-1) or next (+1) page of a view. */
export function shiftAnchor(view: CalendarView, anchor: string, step: -1 | 1): string {
  if (view !== "month") return addDays(startOfWeek(anchor), 7 * step);
  const first = new Date(midnightOf(firstOfMonth(anchor)));
  return fromUtcMs(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + step, 1));
}

/**
 * Instants that can fall on `days` in some zone: every zone's offset is within a day of UTC, so
 * a day of slack on each side is enough. Stories are then placed by their own zone's date.
 */
export function instantBounds(days: readonly string[]): { from: Date; to: Date } {
  const first = days[0];
  const last = days[days.length - 1];
  if (first === undefined || last === undefined) throw new Error("no days to bound");
  return { from: new Date(midnightOf(first) - DAY_MS), to: new Date(midnightOf(last) + 2 * DAY_MS) };
}

/** The plain date in `timeZone` at `instant`. */
/**
 * Finds which of `days` an instant falls on in a zone, for many instants: each zone's local
 * midnights are computed once (by the wall-clock rule, a midnight the zone skips starts the day at
 * the first minute that exists), then each instant is a binary search. Same answer as
 * `dateInZone`, without a time-zone formatting call per story. Null outside `days`.
 */
export function dayLocator(days: readonly string[]): (instant: Date, timeZone: string) => string | null {
  const startsByZone = new Map<string, number[]>();
  const boundaries = [...days, addDays(days[days.length - 1] ?? "1970-01-01", 1)];
  const startsIn = (timeZone: string) => {
    let starts = startsByZone.get(timeZone);
    if (!starts) {
      starts = boundaries.map((date) => {
        const [year, month, day] = date.split("-").map(Number) as [number, number, number];
        return wallClockToInstant({ year, month, day, hour: 0, minute: 0 }, timeZone).getTime();
      });
      startsByZone.set(timeZone, starts);
    }
    return starts;
  };
  return (instant, timeZone) => {
    const starts = startsIn(timeZone);
    const ms = instant.getTime();
    let low = 0;
    let high = starts.length - 1;
    if (ms < (starts[low] as number) || ms >= (starts[high] as number)) return null;
    // Invariant: starts[low] <= ms < starts[high].
    while (high - low > 1) {
      const mid = (low + high) >> 1;
      if (ms < (starts[mid] as number)) high = mid;
      else low = mid;
    }
    return days[low] ?? null;
  };
}

/** "yyyy-MM-ddTHH:mm" with the date replaced: the same wall-clock time on another day. */
export function sameTimeOnDate(local: string, date: string): string {
  return `${date}${local.slice(10)}`;
}
