import { wallClockAt } from "@/lib/core/wall-clock";

/**
 * Plain dates ("2026-03-08": no zone, no instant) and the arithmetic on them that the calendar and
 * the analytics periods share. Days are counted on UTC midnights, which have no DST changes.
 */

const DAY_MS = 86_400_000;
const PLAIN_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Milliseconds of a plain date's midnight read as UTC, or null when it is no real date. */
function utcMidnight(date: string): number | null {
  const match = PLAIN_DATE.exec(date);
  if (!match) return null;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  return back.getUTCFullYear() === year && back.getUTCMonth() === month - 1 && back.getUTCDate() === day
    ? ms
    : null;
}

/** A plain date's UTC midnight; throws on what is no real date (callers check input first). */
export function midnightOf(date: string): number {
  const ms = utcMidnight(date);
  if (ms === null) throw new Error(`not a plain date: ${date}`);
  return ms;
}

export function isPlainDate(value: string): boolean {
  return utcMidnight(value) !== null;
}

export function addDays(date: string, days: number): string {
  return new Date(midnightOf(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((midnightOf(to) - midnightOf(from)) / DAY_MS);
}

/** 0 for Monday … 6 for Sunday, of a plain date. */
export function weekdayOf(date: string): number {
  return (new Date(midnightOf(date)).getUTCDay() + 6) % 7;
}

/** The plain date in `timeZone` at `instant`. */
export function dateInZone(instant: Date, timeZone: string): string {
  const wall = wallClockAt(instant, timeZone);
  return `${String(wall.year).padStart(4, "0")}-${String(wall.month).padStart(2, "0")}-${String(wall.day).padStart(2, "0")}`;
}
