import { addDays, daysBetween, isPlainDate, weekdayOf } from "@/lib/core/plain-date";
import { wallClockToInstant } from "@/lib/core/wall-clock";

/**
 * The time ranges of the analytics pages, as plain dates in the brand's zone ("2026-11-01": what
 * a marketer means by "November" in Berlin is Berlin's November), and the instants they cover.
 */

export const ANALYTICS_PERIODS = ["week", "month", "custom"] as const;
export type AnalyticsPeriodKind = (typeof ANALYTICS_PERIODS)[number];

/** A custom range may span at most this many days: a year and a day, so a whole leap year fits. */
export const MAX_RANGE_DAYS = 366;

/** Days `from` to `to`, both included, in the brand's zone. */
export type DateRange = { from: string; to: string };

const PLAIN_MONTH = /^(\d{4})-(\d{2})$/;

/** The instant a plain date starts in a zone (the first minute that exists, on a DST change). */
export function startOfDay(date: string, timeZone: string): Date {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  return wallClockToInstant({ year, month, day, hour: 0, minute: 0 }, timeZone);
}

/** The instants a range covers in a zone: from its first day's start to the start of the day after its last. */
export function rangeInstants(range: DateRange, timeZone: string): { from: Date; to: Date } {
  return { from: startOfDay(range.from, timeZone), to: startOfDay(addDays(range.to, 1), timeZone) };
}

/** Every day of a range, in order. */
export function rangeDays(range: DateRange): string[] {
  return Array.from({ length: daysBetween(range.from, range.to) + 1 }, (_, i) => addDays(range.from, i));
}

/** "week": the last 7 days, today included; "month": the last 30. */
export function presetRange(kind: "week" | "month", today: string): DateRange {
  return { from: addDays(today, kind === "week" ? -6 : -29), to: today };
}

/** A calendar month "2026-11" as a range, or null when it is no month. */
export function monthRange(month: string): DateRange | null {
  const match = PLAIN_MONTH.exec(month);
  if (!match) return null;
  const [year, number] = match.slice(1).map(Number) as [number, number];
  if (number < 1 || number > 12) return null;
  const from = `${match[1]}-${match[2]}-01`;
  const last = new Date(Date.UTC(year, number, 0)).toISOString().slice(0, 10);
  return { from, to: last };
}

/**
 * A range someone typed (a form, the API): both dates real, `from` not after `to`, at most
 * MAX_RANGE_DAYS days. The problem says what to change.
 */
export function customRangeProblem(from: string, to: string): string | null {
  if (!isPlainDate(from) || !isPlainDate(to)) return "Give both dates as YYYY-MM-DD, e.g. 2026-11-01.";
  if (from > to) return "The start date is after the end date: swap them.";
  if (daysBetween(from, to) + 1 > MAX_RANGE_DAYS) {
    return `Choose at most ${MAX_RANGE_DAYS} days: a range this long is hard to read as one report.`;
  }
  return null;
}

/** The bucket a day falls in on a chart of `range`: the day itself up to 62 days, else its week's Monday. */
export function bucketOf(date: string, range: DateRange): string {
  return daysBetween(range.from, range.to) < 62 ? date : addDays(date, -weekdayOf(date));
}

/** The buckets of a range's chart, in order (see bucketOf). */
export function rangeBuckets(range: DateRange): string[] {
  return [...new Set(rangeDays(range).map((day) => bucketOf(day, range)))];
}
