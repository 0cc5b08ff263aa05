import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, dateInZone, isPlainDate } from "@/lib/core/plain-date";
import {
  CALENDAR_VIEWS,
  dayLocator,
  instantBounds,
  sameTimeOnDate,
  shiftAnchor,
  startOfWeek,
  visibleDays,
} from "./calendar-range";

describe("visibleDays", () => {
  it("shows whole Monday-to-Sunday weeks around a month", () => {
    // March 2026 starts on a Sunday and ends on a Tuesday.
    const days = visibleDays("month", "2026-03-17");
    expect(days[0]).toBe("2026-02-23");
    expect(days.at(-1)).toBe("2026-04-05");
    expect(days).toHaveLength(42);
    // February 2027 starts on a Monday and ends on a Sunday: exactly four weeks.
    expect(visibleDays("month", "2027-02-10")).toHaveLength(28);
  });

  it("shows Monday to Sunday for a week and the list", () => {
    expect(visibleDays("week", "2026-03-08")).toEqual([
      "2026-03-02",
      "2026-03-03",
      "2026-03-04",
      "2026-03-05",
      "2026-03-06",
      "2026-03-07",
      "2026-03-08",
    ]);
    expect(visibleDays("list", "2026-03-09")[0]).toBe("2026-03-09");
  });
});

describe("date arithmetic", () => {
  it("steps over month and year ends and leap days", () => {
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(startOfWeek("2027-01-01")).toBe("2026-12-28");
    expect(shiftAnchor("month", "2026-01-31", 1)).toBe("2026-02-01");
    expect(shiftAnchor("month", "2026-01-15", -1)).toBe("2025-12-01");
    expect(shiftAnchor("week", "2026-03-11", 1)).toBe("2026-03-16");
  });

  it("accepts only real plain dates", () => {
    expect(isPlainDate("2026-02-28")).toBe(true);
    expect(isPlainDate("2026-02-29")).toBe(false);
    expect(isPlainDate("2026-2-1")).toBe(false);
    expect(isPlainDate("2026-03-08T09:00")).toBe(false);
  });

  it("keeps the time of day when the date changes", () => {
    expect(sameTimeOnDate("2026-03-01T02:30", "2026-03-08")).toBe("2026-03-08T02:30");
  });
});

describe("instantBounds and dateInZone", () => {
  it("covers the visible days in the zones furthest ahead of and behind UTC", () => {
    const days = visibleDays("week", "2026-03-04");
    const { from, to } = instantBounds(days);
    // Monday 00:00 in Kiribati (UTC+14) and Sunday 23:59 in Baker Island time (UTC-12).
    const mondayKiritimati = new Date("2026-03-01T10:00:00Z");
    const sundayEtcGmt12 = new Date("2026-03-09T11:59:00Z");
    expect(dateInZone(mondayKiritimati, "Pacific/Kiritimati")).toBe("2026-03-02");
    expect(dateInZone(sundayEtcGmt12, "Etc/GMT+12")).toBe("2026-03-08");
    for (const instant of [mondayKiritimati, sundayEtcGmt12]) {
      expect(instant >= from && instant < to).toBe(true);
    }
  });

  it("places an instant on its zone's local date", () => {
    const instant = new Date("2026-03-08T03:30:00Z");
    expect(dateInZone(instant, "America/New_York")).toBe("2026-03-07");
    expect(dateInZone(instant, "Europe/Berlin")).toBe("2026-03-08");
  });
});

describe("dayLocator", () => {
  it("agrees with dateInZone for random instants in random zones (property)", () => {
    const zones = Intl.supportedValuesOf("timeZone");
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.constantFrom(...CALENDAR_VIEWS),
        fc.integer({ min: Date.UTC(1995, 0, 1), max: Date.UTC(2037, 11, 1) }),
        fc.integer({ min: -3 * 86_400_000, max: 45 * 86_400_000 }),
        (zone, view, anchorMs, offset) => {
          const days = visibleDays(view, new Date(anchorMs).toISOString().slice(0, 10));
          const instant = new Date(Date.parse(`${days[0]}T00:00:00Z`) + offset);
          const expected = dateInZone(instant, zone);
          expect(dayLocator(days)(instant, zone)).toBe(days.includes(expected) ? expected : null);
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it("starts a day whose midnight is skipped at its first minute", () => {
    // Santiago springs forward at midnight: 6 September 2026 begins at 01:00 (04:00Z).
    const locate = dayLocator(visibleDays("week", "2026-09-06"));
    expect(locate(new Date("2026-09-06T03:59:00Z"), "America/Santiago")).toBe("2026-09-05");
    expect(locate(new Date("2026-09-06T04:00:00Z"), "America/Santiago")).toBe("2026-09-06");
  });
});
