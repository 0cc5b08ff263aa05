import { describe, expect, it } from "vitest";
import {
  EARLIEST_INSTANT,
  isQueryableInstant,
  isStorableInstant,
  keptFreshnessMs,
  LATEST_INSTANT,
  localScheduleTimeProblem,
  MAX_FRESHNESS_MINUTES,
  readableInstant,
  scheduleTimeProblem,
  WALL_CLOCK_FORMAT_MESSAGE,
} from "./time-bounds";

const MINUTE = 60_000;
const DAY = 86_400_000;
const NOW = new Date("2026-12-05T12:00:00Z");

describe("time bounds", () => {
  it("keeps a stored freshness window only when it is one a story could have been given", () => {
    const at = new Date("2027-01-01T09:00:00Z");
    const plus = (ms: number) => new Date(at.getTime() + ms);
    const fallback = 7_200_000;
    expect(keptFreshnessMs(at, plus(30 * MINUTE), fallback)).toBe(30 * MINUTE);
    expect(keptFreshnessMs(at, plus(MAX_FRESHNESS_MINUTES * MINUTE), fallback)).toBe(DAY);
    expect(keptFreshnessMs(at, plus(DAY + MINUTE), fallback)).toBe(fallback);
    expect(keptFreshnessMs(at, plus(8_000 * 365 * DAY), fallback)).toBe(fallback);
    // What the driver returns for a deadline in the year 10000.
    expect(keptFreshnessMs(at, new Date(Number.NaN), fallback)).toBe(fallback);
    expect(keptFreshnessMs(new Date(Number.NaN), plus(MINUTE), fallback)).toBe(fallback);
    expect(keptFreshnessMs(null, plus(MINUTE), fallback)).toBe(fallback);
    expect(keptFreshnessMs(at, at, fallback)).toBe(fallback);
  });

  it("reads an unreadable stored instant as none", () => {
    expect(readableInstant(new Date(Number.NaN))).toBeNull();
    expect(readableInstant(null)).toBeNull();
    expect(readableInstant(NOW)).toBe(NOW);
  });

  it("lets queries name instants from 2000 to 9000, nothing beyond", () => {
    expect(isQueryableInstant(EARLIEST_INSTANT)).toBe(true);
    expect(isQueryableInstant(LATEST_INSTANT)).toBe(true);
    expect(isQueryableInstant(new Date(EARLIEST_INSTANT.getTime() - 1))).toBe(false);
    expect(isQueryableInstant(new Date(LATEST_INSTANT.getTime() + 1))).toBe(false);
    expect(isQueryableInstant(new Date("9999-12-31T23:59:59-14:00"))).toBe(false);
    expect(isQueryableInstant(new Date(8.64e15))).toBe(false);
    expect(isQueryableInstant(new Date(Number.NaN))).toBe(false);
  });

  it("knows which instants the database can hold: years 1 to 9999", () => {
    expect(isStorableInstant(new Date("0001-01-01T00:00:00Z"))).toBe(true);
    expect(isStorableInstant(new Date("9999-12-31T23:59:59.999Z"))).toBe(true);
    expect(isStorableInstant(new Date("0000-12-31T23:59:59.999Z"))).toBe(false);
    expect(isStorableInstant(new Date("+010000-01-01T00:00:00Z"))).toBe(false);
    expect(isStorableInstant(new Date(-8.64e15))).toBe(false);
    expect(isStorableInstant(new Date(Number.NaN))).toBe(false);
  });

  it("lets a draft keep a past time within the horizon, not one from long ago", () => {
    const options = { horizonDays: 365, timeZone: "UTC", allowPast: true };
    expect(scheduleTimeProblem(new Date(NOW.getTime() - 365 * DAY), NOW, options)).toBeNull();
    expect(scheduleTimeProblem(new Date(NOW.getTime() - 365 * DAY - MINUTE), NOW, options)).toBe(
      "Plan within 365 days of today: at the earliest Fri, 5 Dec 2025, 12:00 (UTC).",
    );
    expect(scheduleTimeProblem(new Date(NOW.getTime() + 365 * DAY + MINUTE), NOW, options)).toBe(
      "Schedule within 365 days: at most Sun, 5 Dec 2027, 12:00 (UTC).",
    );
    expect(scheduleTimeProblem(NOW, NOW, { horizonDays: 1, timeZone: "UTC" })).toBeNull();
    expect(
      scheduleTimeProblem(new Date(NOW.getTime() + DAY + 1), NOW, { horizonDays: 1, timeZone: "UTC" }),
    ).toBe("Schedule within 1 day: at most Sun 6 Dec, 12:00 (UTC).");
  });
});

describe("localScheduleTimeProblem (the composer's live check)", () => {
  const zone = "Europe/Lisbon";
  it("refuses a wall-clock time in the past, beyond the horizon, or unreadable", () => {
    expect(localScheduleTimeProblem("2026-12-05T11:00", zone, NOW, 365)).toBe(
      "That time has passed: Sat 5 Dec, 11:00 (Europe/Lisbon). Pick a later time or publish now.",
    );
    expect(localScheduleTimeProblem("2028-01-01T09:00", zone, NOW, 365)).toMatch(/^Schedule within 365 days/);
    expect(localScheduleTimeProblem("", zone, NOW, 365)).toBe(WALL_CLOCK_FORMAT_MESSAGE);
  });

  it("takes a time within the grace minute and later ones up to the horizon", () => {
    expect(localScheduleTimeProblem("2026-12-05T11:59", zone, NOW, 365)).toBeNull();
    expect(localScheduleTimeProblem("2026-12-06T09:00", zone, NOW, 365)).toBeNull();
  });
});
