import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { listTimeZones } from "./time-zone";
import { formatWallClock, parseWallClock, wallClockAt, wallClockToInstant } from "./wall-clock";

const instant = (local: string, zone: string) => {
  const wall = parseWallClock(local);
  if (!wall) throw new Error(`bad test input ${local}`);
  return wallClockToInstant(wall, zone).toISOString();
};

describe("wallClockToInstant", () => {
  it("converts ordinary times with the zone's offset of that day", () => {
    expect(instant("2026-01-15T09:00", "Europe/Berlin")).toBe("2026-01-15T08:00:00.000Z");
    expect(instant("2026-07-15T09:00", "Europe/Berlin")).toBe("2026-07-15T07:00:00.000Z");
    expect(instant("2026-07-15T09:00", "America/New_York")).toBe("2026-07-15T13:00:00.000Z");
    expect(instant("2026-07-15T09:00", "Asia/Kolkata")).toBe("2026-07-15T03:30:00.000Z");
  });

  it("keeps 09:00 at 09:00 across a daylight-saving change", () => {
    expect(wallClockAt(new Date(instant("2026-03-28T09:00", "Europe/Berlin")), "Europe/Berlin").hour).toBe(9);
    expect(wallClockAt(new Date(instant("2026-03-30T09:00", "Europe/Berlin")), "Europe/Berlin").hour).toBe(9);
  });

  it("moves a time that does not exist (spring forward) forward by the gap", () => {
    // Berlin, 29 March 2026: 02:00 jumps to 03:00.
    expect(instant("2026-03-29T02:30", "Europe/Berlin")).toBe(instant("2026-03-29T03:30", "Europe/Berlin"));
    // New York, 8 March 2026: 02:00 jumps to 03:00.
    expect(instant("2026-03-08T02:15", "America/New_York")).toBe("2026-03-08T07:15:00.000Z");
  });

  it("takes the earlier instant for a time that occurs twice (fall back)", () => {
    // Berlin, 25 October 2026: 03:00 CEST goes back to 02:00 CET; 02:30 happens twice.
    expect(instant("2026-10-25T02:30", "Europe/Berlin")).toBe("2026-10-25T00:30:00.000Z");
    expect(instant("2026-11-01T01:30", "America/New_York")).toBe("2026-11-01T05:30:00.000Z");
  });

  it("round-trips every instant's wall clock in random zones (property)", () => {
    const zones = listTimeZones();
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2037, 11, 31) }),
        (zone, ms) => {
          const minute = new Date(ms - (ms % 60_000));
          const wall = wallClockAt(minute, zone);
          const back = wallClockToInstant(wall, zone);
          // The same wall clock again, and never a later instant than the original (earlier
          // instant of an ambiguous time).
          expect(formatWallClock(wallClockAt(back, zone))).toBe(formatWallClock(wall));
          expect(back.getTime()).toBeLessThanOrEqual(minute.getTime());
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it("never lands before the wall time it was given, in any zone (property)", () => {
    const zones = listTimeZones();
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.record({
          year: fc.integer({ min: 1990, max: 2037 }),
          month: fc.integer({ min: 1, max: 12 }),
          day: fc.integer({ min: 1, max: 28 }),
          hour: fc.integer({ min: 0, max: 23 }),
          minute: fc.integer({ min: 0, max: 59 }),
        }),
        (zone, wall) => {
          const landed = wallClockAt(wallClockToInstant(wall, zone), zone);
          // Equal, or pushed forward out of a gap by less than a day.
          expect(formatWallClock(landed) >= formatWallClock(wall)).toBe(true);
        },
      ),
      { numRuns: 2_000 },
    );
  });
});

describe("parseWallClock", () => {
  it("accepts yyyy-MM-ddTHH:mm and refuses impossible dates", () => {
    expect(parseWallClock("2026-02-28T23:59")).toEqual({
      year: 2026,
      month: 2,
      day: 28,
      hour: 23,
      minute: 59,
    });
    expect(parseWallClock("2026-02-30T10:00")).toBeNull();
    expect(parseWallClock("2026-01-01T24:00")).toBeNull();
    expect(parseWallClock("2026-01-01 10:00")).toBeNull();
    expect(parseWallClock("tomorrow")).toBeNull();
  });
});
