import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import {
  formatWallClock,
  offsetMs,
  parseWallClock,
  type WallClock,
  wallClockAt,
  wallClockToInstant,
} from "./wall-clock";

// Property tests of the wall-clock rule (docs/decisions/010) where it matters: at real
// daylight-saving and other offset changes, found by scanning the runtime's own zone data, in
// random IANA zones. The expectations come from a brute-force oracle that only reads offsets,
// not from the implementation's arithmetic.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const YEARS = [1996, 2011, 2026, 2037];

type Transition = { zone: string; at: number; before: number; after: number };

/** The first instant (to the minute) in (from, to] whose offset differs from `from`'s. */
function firstChange(zone: string, from: number, to: number): number {
  const start = offsetMs(from, zone);
  let low = from;
  let high = to;
  while (high - low > MINUTE) {
    const mid = low + Math.floor((high - low) / 2 / MINUTE) * MINUTE;
    if (offsetMs(mid, zone) === start) low = mid;
    else high = mid;
  }
  return high;
}

/** Offset changes of `zone` in `year`, scanning week by week (two changes within one week are missed). */
function transitionsIn(zone: string, year: number): Transition[] {
  const found: Transition[] = [];
  for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += WEEK) {
    if (offsetMs(t, zone) === offsetMs(t + WEEK, zone)) continue;
    const at = firstChange(zone, t, t + WEEK);
    found.push({ zone, at, before: offsetMs(at - MINUTE, zone), after: offsetMs(at, zone) });
  }
  return found;
}

const wallMs = (wall: WallClock) => Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
const wallOf = (localMs: number): WallClock => {
  const d = new Date(localMs);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
  };
};

/**
 * Brute force: every instant whose wall clock in `zone` is `localMs`, found by trying each offset
 * the zone has within a day and a bit of it (no zone is more than 14 h from UTC).
 */
function instantsShowing(localMs: number, zone: string): number[] {
  const offsets = new Set<number>();
  for (let t = localMs - 26 * HOUR; t <= localMs + 26 * HOUR; t += 15 * MINUTE)
    offsets.add(offsetMs(t, zone));
  return [...offsets]
    .map((offset) => localMs - offset)
    .filter((instant) => wallMs(wallClockAt(new Date(instant), zone)) === localMs)
    .sort((a, b) => a - b);
}

describe("wall-clock rule at real offset changes (property)", () => {
  let transitions: Transition[] = [];
  let gaps: Transition[] = [];
  let overlaps: Transition[] = [];

  beforeAll(() => {
    const zones = Intl.supportedValuesOf("timeZone");
    transitions = zones.flatMap((zone) => YEARS.flatMap((year) => transitionsIn(zone, year)));
    gaps = transitions.filter((t) => t.after > t.before);
    overlaps = transitions.filter((t) => t.after < t.before);
  });

  it("finds enough transitions to test with, including well-known ones", () => {
    expect(gaps.length).toBeGreaterThan(100);
    expect(overlaps.length).toBeGreaterThan(100);
    const berlin2026 = transitions.filter(
      (t) => t.zone === "Europe/Berlin" && new Date(t.at).getUTCFullYear() === 2026,
    );
    expect(berlin2026.map((t) => new Date(t.at).toISOString())).toEqual([
      "2026-03-29T01:00:00.000Z",
      "2026-10-25T01:00:00.000Z",
    ]);
  });

  it("moves a time that does not exist forward by the length of the gap", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e9 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (pick, where) => {
          const t = gaps[pick % gaps.length] as Transition;
          const gap = t.after - t.before;
          // A minute in [at + before, at + after): skipped wall-clock times.
          const localMs = t.at + t.before + Math.floor((where * gap) / MINUTE) * MINUTE;
          expect(instantsShowing(localMs, t.zone)).toEqual([]);
          const instant = wallClockToInstant(wallOf(localMs), t.zone).getTime();
          expect(instant).toBe(localMs - t.before);
          expect(wallMs(wallClockAt(new Date(instant), t.zone))).toBe(localMs + gap);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("takes the earlier instant of a time that occurs twice", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e9 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (pick, where) => {
          const t = overlaps[pick % overlaps.length] as Transition;
          const overlap = t.before - t.after;
          // A minute in [at + after, at + before): wall-clock times shown before and after the change.
          const localMs = t.at + t.after + Math.floor((where * overlap) / MINUTE) * MINUTE;
          const both = instantsShowing(localMs, t.zone);
          expect(both).toEqual([localMs - t.before, localMs - t.after]);
          expect(wallClockToInstant(wallOf(localMs), t.zone).getTime()).toBe(both[0]);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("round-trips instants within two days of a transition", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e9 }),
        fc.integer({ min: -2 * DAY, max: 2 * DAY }),
        (pick, delta) => {
          const t = transitions[pick % transitions.length] as Transition;
          const instant = t.at + Math.floor(delta / MINUTE) * MINUTE;
          const wall = wallClockAt(new Date(instant), t.zone);
          const back = wallClockToInstant(wall, t.zone).getTime();
          // Exactly the same instant, unless the wall clock occurs twice: then its earlier one.
          expect(back).toBe(instantsShowing(wallMs(wall), t.zone)[0]);
          expect(formatWallClock(wallClockAt(new Date(back), t.zone))).toBe(formatWallClock(wall));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("keeps the wall clock when a time moves by whole days, unless it lands in a gap", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e9 }),
        fc.boolean(),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.integer({ min: -400, max: 400 }),
        (pick, intoOddHour, where, days) => {
          // The target is on a transition's day: half the time in the skipped or repeated
          // wall-clock times themselves, otherwise anywhere within a day of the change.
          const t = transitions[pick % transitions.length] as Transition;
          const low = t.at + Math.min(t.before, t.after);
          const span = intoOddHour ? Math.abs(t.after - t.before) : 2 * DAY;
          const from = intoOddHour ? low : wallMs(wallClockAt(new Date(t.at - DAY), t.zone));
          const targetMs = from + Math.floor((where * span) / MINUTE) * MINUTE;
          // The same time of day `days` earlier, moved to the target's date.
          const start = formatWallClock(wallOf(targetMs - days * DAY));
          const moved = parseWallClock(`${formatWallClock(wallOf(targetMs)).slice(0, 10)}${start.slice(10)}`);
          expect(moved && wallMs(moved)).toBe(targetMs);
          const instant = wallClockToInstant(moved as WallClock, t.zone).getTime();
          const showing = instantsShowing(targetMs, t.zone);
          if (showing.length > 0) {
            expect(instant).toBe(showing[0]);
          } else {
            // In a gap: forward by the gap, i.e. read with the offset from before the change.
            const landed = wallMs(wallClockAt(new Date(instant), t.zone));
            expect(landed - targetMs).toBe(t.after - t.before);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
