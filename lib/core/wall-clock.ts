/**
 * Brand wall-clock times ("2026-03-29T02:30" in Europe/Berlin) to instants and back.
 *
 * The rule for times a daylight-saving change makes odd is Temporal's "compatible"
 * disambiguation, the one calendars use:
 * - a time that does not exist (spring forward: 02:30 when clocks jump from 02:00 to 03:00) moves
 *   forward by the length of the gap (→ 03:30);
 * - a time that occurs twice (fall back: 02:30 when clocks go from 03:00 back to 02:00) means the
 *   earlier of the two instants (the one still on summer time).
 */

const LOCAL_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

export type WallClock = { year: number; month: number; day: number; hour: number; minute: number };

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let cached = formatters.get(timeZone);
  if (!cached) {
    cached = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, cached);
  }
  return cached;
}

/** The wall clock in `timeZone` at `instant` (seconds dropped). */
export function wallClockAt(instant: Date, timeZone: string): WallClock {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
  };
}

/** UTC offset of `timeZone` at an instant, in milliseconds (east positive). */
export function offsetMs(instantMs: number, timeZone: string): number {
  const wall = wallClockAt(new Date(instantMs), timeZone);
  const seconds = new Date(instantMs).getUTCSeconds();
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, seconds);
  return asUtc - (instantMs - (instantMs % 1000));
}

export function parseWallClock(local: string): WallClock | null {
  const match = LOCAL_PATTERN.exec(local);
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const probe = new Date(Date.UTC(year, month - 1, day, hour, minute));
  const valid =
    probe.getUTCFullYear() === year &&
    probe.getUTCMonth() === month - 1 &&
    probe.getUTCDate() === day &&
    hour < 24 &&
    minute < 60;
  return valid ? { year, month, day, hour, minute } : null;
}

export function formatWallClock(wall: WallClock): string {
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  return `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}T${pad(wall.hour)}:${pad(wall.minute)}`;
}

/** The instant a wall-clock time in `timeZone` denotes, by the rule above. */
export function wallClockToInstant(wall: WallClock, timeZone: string): Date {
  const localMs = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
  const day = 24 * 3_600_000;
  const before = offsetMs(localMs - day, timeZone);
  const after = offsetMs(localMs + day, timeZone);
  const candidates = [localMs - before, localMs - after].filter(
    (instant) => instant + offsetMs(instant, timeZone) === localMs,
  );
  if (candidates.length > 0) return new Date(Math.min(...candidates));
  // In a gap: read the time with the offset from before the change, which lands past the gap.
  return new Date(localMs - before);
}
