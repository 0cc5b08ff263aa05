import { formatNamedInstant } from "./instant-format";
import { parseWallClock, wallClockToInstant } from "./wall-clock";

/**
 * The instants StoryRelay accepts or derives, in one place (docs/decisions/014).
 *
 * Why bounds at all: Postgres stores timestamps up to the year 294276, JavaScript dates reach
 * 275760, but the database driver reads back only four-digit years. A story scheduled for
 * 9999-12-31 got a freshness deadline in the year 10000: it was stored, then read back as an
 * Invalid Date, and every answer about that story failed. So every instant is checked against
 * these bounds before anything is written:
 * - a schedule lies between a minute ago and the horizon (SCHEDULE_HORIZON_DAYS, a year by default);
 * - a draft's planned time lies within the horizon either side of now (drafts may keep a past time);
 * - a freshness window is at most MAX_FRESHNESS_MINUTES, so a deadline is the horizon plus a day at most;
 * - a query range (list filters, calendar pages) lies within EARLIEST_INSTANT..LATEST_INSTANT,
 *   which leaves room for a calendar page's extra days without leaving four-digit years;
 * - an instant read back from a client (a list's cursor) is one the database can hold at all.
 */

export const DEFAULT_SCHEDULE_HORIZON_DAYS = 365;
/** The largest horizon the configuration accepts: ten years keeps every derived instant far inside LATEST_INSTANT. */
export const MAX_SCHEDULE_HORIZON_DAYS = 3_650;
/** A story may be scheduled this far in the past (a form submitted at 09:00:30 for 09:00). */
export const PAST_GRACE_MS = 60_000;
/** How late a story may still start, at most: a day. */
export const MAX_FRESHNESS_MINUTES = 24 * 60;

export const EARLIEST_INSTANT = new Date("2000-01-01T00:00:00Z");
export const LATEST_INSTANT = new Date("9000-01-01T00:00:00Z");

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** A Date that denotes an instant (not `new Date(NaN)`, which is what an unreadable column becomes). */
export function isInstant(value: Date): boolean {
  return Number.isFinite(value.getTime());
}

/**
 * A stored instant as something safe to show or serialise: null when the row holds a time the
 * driver could not read (stories written before these bounds existed), so such a story can still
 * be opened and cancelled instead of failing every request that touches it.
 */
export function readableInstant(value: Date | null): Date | null {
  return value && isInstant(value) ? value : null;
}

/** Within EARLIEST_INSTANT..LATEST_INSTANT: safe to query with and to do calendar arithmetic on. */
export function isQueryableInstant(value: Date): boolean {
  return isInstant(value) && value >= EARLIEST_INSTANT && value <= LATEST_INSTANT;
}

export const QUERY_RANGE_MESSAGE = `Use a time between ${EARLIEST_INSTANT.toISOString().slice(0, 10)} and ${LATEST_INSTANT.toISOString().slice(0, 10)}.`;

// Postgres has no year 0 and the driver reads four-digit years only.
const FIRST_STORABLE_MS = Date.parse("0001-01-01T00:00:00Z");
const LAST_STORABLE_MS = Date.parse("9999-12-31T23:59:59.999Z");

/**
 * An instant Postgres and its driver both handle: for values that echo stored ones (a cursor
 * holds the last row's time, which may be an old row's year 9999), where the query range is too
 * narrow but year 0 would fail in the database.
 */
export function isStorableInstant(value: Date): boolean {
  const ms = value.getTime();
  return ms >= FIRST_STORABLE_MS && ms <= LAST_STORABLE_MS;
}

/** The last instant a story may be scheduled for. */
export function latestSchedulable(now: Date, horizonDays: number): Date {
  return new Date(now.getTime() + horizonDays * DAY_MS);
}

/** A limit in the one date shape, zone named: the same words in the composer and from the server. */
const shown = (instant: Date, timeZone: string, now: Date) =>
  formatNamedInstant(instant, timeZone, "date-time", now);

/**
 * Why `at` cannot be a story's scheduled time, or null when it can: passed (beyond the grace
 * minute), beyond the horizon, or no instant at all. The message names the limit in `timeZone`.
 * `allowPast` is for drafts, which may keep a past time but not one from long ago.
 */
export function scheduleTimeProblem(
  at: Date,
  now: Date,
  options: { horizonDays: number; timeZone: string; allowPast?: boolean },
): string | null {
  const { horizonDays, timeZone } = options;
  const latest = latestSchedulable(now, horizonDays);
  const earliest = options.allowPast
    ? new Date(now.getTime() - horizonDays * DAY_MS)
    : new Date(now.getTime() - PAST_GRACE_MS);
  const days = `${horizonDays} ${horizonDays === 1 ? "day" : "days"}`;
  if (!isInstant(at)) return "Use a real date and time.";
  if (at > latest) return `Schedule within ${days}: at most ${shown(latest, timeZone, now)}.`;
  if (at < earliest) {
    return options.allowPast
      ? `Plan within ${days} of today: at the earliest ${shown(earliest, timeZone, now)}.`
      : `That time has passed: ${shown(at, timeZone, now)}. Pick a later time or publish now.`;
  }
  return null;
}

/** What a wall-clock time that cannot be read is refused with, everywhere. */
export const WALL_CLOCK_FORMAT_MESSAGE = "Use a date and time like 2026-12-01T09:00.";

/**
 * Why the wall-clock time `local` in `timeZone` cannot be a story's scheduled time, or null when it
 * can. The one rule the composer checks live and the server enforces (resolveScheduleTime), so a
 * time the composer passes is one the server takes, refused in the same words.
 */
export function localScheduleTimeProblem(
  local: string,
  timeZone: string,
  now: Date,
  horizonDays: number,
): string | null {
  const wall = parseWallClock(local);
  if (!wall) return WALL_CLOCK_FORMAT_MESSAGE;
  return scheduleTimeProblem(wallClockToInstant(wall, timeZone), now, { horizonDays, timeZone });
}

/**
 * The freshness window to keep when a story moves: the stored one when it is sane, else
 * `fallbackMs`. A row from before these bounds may hold a window of years, or none that can be
 * read, and carrying it over would push the new deadline out of range again.
 */
export function keptFreshnessMs(
  scheduledAt: Date | null,
  freshnessDeadline: Date | null,
  fallbackMs: number,
): number {
  if (!scheduledAt || !freshnessDeadline) return fallbackMs;
  const window = freshnessDeadline.getTime() - scheduledAt.getTime();
  return Number.isFinite(window) && window >= MINUTE_MS && window <= MAX_FRESHNESS_MINUTES * MINUTE_MS
    ? window
    : fallbackMs;
}
