import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  LATEST_INSTANT,
  localScheduleTimeProblem,
  MAX_FRESHNESS_MINUTES,
  PAST_GRACE_MS,
} from "@/lib/core/time-bounds";
import { formatWallClock, wallClockAt } from "@/lib/core/wall-clock";
import { AppError } from "@/lib/errors";
import { resolveScheduleTime } from "./resolve-schedule-time";

// The schedule window (lib/core/time-bounds.ts) at its edges: the horizon, the grace minute, the
// ends of what a JavaScript date can hold, and daylight-saving gaps that straddle the bound.

const MINUTE = 60_000;
const DAY = 86_400_000;
const NOW = new Date("2026-12-05T12:00:00Z");
const HORIZON = 365;
const LATEST = new Date(NOW.getTime() + HORIZON * DAY);

/** The refusal resolveScheduleTime throws, or null when it accepts. */
function refusal(when: Parameters<typeof resolveScheduleTime>[0], now = NOW, zone = "America/New_York") {
  try {
    resolveScheduleTime(when, zone, now, HORIZON);
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    const appError = error as AppError;
    expect(appError.code).toBe("INVALID_INPUT");
    expect(appError.details.fields?.when).toBe(appError.message);
    return appError.message;
  }
}

describe("resolveScheduleTime's window", () => {
  it("accepts exactly the horizon and refuses a minute past it, naming the limit in the brand's zone", () => {
    expect(refusal({ at: LATEST.toISOString() })).toBeNull();
    expect(refusal({ at: new Date(LATEST.getTime() + MINUTE).toISOString() })).toBe(
      "Schedule within 365 days: at most Sun, 5 Dec 2027, 07:00 (America/New_York).",
    );
  });

  it("refuses the year 9999 in every form, including one whose UTC instant is in the year 10000", () => {
    for (const when of [
      { at: "9999-12-31T23:59:00Z" },
      { at: "9999-12-31T23:59:00-14:00" },
      { local: "9999-12-31T23:59", timeZone: "Pacific/Kiritimati" },
      { local: "9999-12-31T23:59" },
    ]) {
      // Named in the zone of the time asked for: 07:00 in New York, 02:00 the next day in Kiritimati.
      expect(refusal(when)).toMatch(
        /^Schedule within 365 days: at most (Sun, 5 Dec 2027, 07|Mon, 6 Dec 2027, 02):00 /,
      );
    }
  });

  it("refuses the far past, down to the earliest instant a date can hold, and an invalid date", () => {
    expect(refusal({ at: new Date(NOW.getTime() - PAST_GRACE_MS).toISOString() })).toBeNull();
    expect(refusal({ at: new Date(NOW.getTime() - PAST_GRACE_MS - MINUTE).toISOString() })).toMatch(
      /^That time has passed: Sat 5 Dec, 06:58 \(America\/New_York\)/,
    );
    expect(refusal({ at: "0001-01-01T00:00:00Z" })).toMatch(/^That time has passed/);
    expect(refusal({ at: new Date(-8.64e15).toISOString() })).toMatch(/^That time has passed/);
    expect(refusal({ at: "not a time" })).toBe("Use a real date and time.");
  });

  it("applies the bound after the daylight-saving rule: a skipped time moved past the bound is refused", () => {
    // Berlin skips 02:00–03:00 on 2027-03-28 (01:00 UTC); 02:30 means 03:30 CEST, 01:30 UTC.
    const berlin = (latestUtc: string) =>
      refusal(
        { local: "2027-03-28T02:30" },
        new Date(new Date(latestUtc).getTime() - HORIZON * DAY),
        "Europe/Berlin",
      );
    expect(berlin("2027-03-28T01:30:00Z")).toBeNull();
    expect(berlin("2027-03-28T01:29:00Z")).toBe(
      "Schedule within 365 days: at most Sun, 28 Mar 2027, 03:29 (Europe/Berlin).",
    );
    // The hour before the gap is still on winter time: 01:59 CET is 00:59 UTC, inside the bound.
    expect(
      refusal(
        { local: "2027-03-28T01:59" },
        new Date(Date.parse("2027-03-28T01:00:00Z") - HORIZON * DAY),
        "Europe/Berlin",
      ),
    ).toBeNull();
  });

  it("accepts an instant exactly when it lies between the grace minute and the horizon (property)", () => {
    fc.assert(
      fc.property(
        // Anywhere a date can be, and (half the time) within ten years of the window's edges.
        fc.oneof(
          fc.date({ noInvalidDate: true }),
          fc
            .integer({ min: NOW.getTime() - 3_650 * DAY, max: NOW.getTime() + 2 * 3_650 * DAY })
            .map((ms) => new Date(ms)),
        ),
        fc.integer({ min: 1, max: 3_650 }),
        fc.constantFrom(
          "UTC",
          "America/New_York",
          "Pacific/Kiritimati",
          "Pacific/Pago_Pago",
          "Asia/Kathmandu",
        ),
        (at, horizonDays, zone) => {
          const latest = NOW.getTime() + horizonDays * DAY;
          const inWindow = at.getTime() >= NOW.getTime() - PAST_GRACE_MS && at.getTime() <= latest;
          let accepted: Date | null = null;
          try {
            accepted = resolveScheduleTime({ at: at.toISOString() }, zone, NOW, horizonDays).scheduledAt;
          } catch (error) {
            expect(error).toBeInstanceOf(AppError);
          }
          expect(accepted !== null).toBe(inWindow);
          if (accepted) {
            // Whatever is derived from it stays a readable instant.
            expect(accepted.getTime() + MAX_FRESHNESS_MINUTES * MINUTE).toBeLessThan(
              LATEST_INSTANT.getTime(),
            );
          }
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it("never accepts a wall-clock time beyond the horizon, in any zone (property)", () => {
    const zones = Intl.supportedValuesOf("timeZone");
    fc.assert(
      fc.property(
        fc.date({
          min: new Date("1000-01-01T00:00:00Z"),
          max: new Date("9999-12-31T23:59:00Z"),
          noInvalidDate: true,
        }),
        fc.nat(),
        (instant, pick) => {
          const zone = zones[pick % zones.length] as string;
          const local = instant.toISOString().slice(0, 16);
          try {
            const { scheduledAt } = resolveScheduleTime({ local, timeZone: zone }, "UTC", NOW, HORIZON);
            expect(scheduledAt.getTime()).toBeLessThanOrEqual(LATEST.getTime());
            expect(scheduledAt.getTime()).toBeGreaterThanOrEqual(NOW.getTime() - PAST_GRACE_MS);
          } catch (error) {
            expect(error).toBeInstanceOf(AppError);
          }
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it("refuses exactly what the composer's live check refuses, in the same words (property)", () => {
    // Issue 11, item 10: the composer passed a time in the past that only the server refused.
    const zones = ["Europe/Lisbon", "America/New_York", "Asia/Kathmandu", "Pacific/Chatham", "UTC"];
    fc.assert(
      fc.property(
        fc.integer({ min: -3 * DAY, max: (HORIZON + 3) * DAY }),
        fc.constantFrom(...zones),
        (offset, zone) => {
          const local = formatWallClock(wallClockAt(new Date(NOW.getTime() + offset), zone));
          expect(refusal({ local }, NOW, zone)).toBe(localScheduleTimeProblem(local, zone, NOW, HORIZON));
        },
      ),
      { numRuns: 1_000 },
    );
    const past = "2026-12-05T06:00";
    expect(localScheduleTimeProblem(past, "America/New_York", NOW, HORIZON)).toMatch(/^That time has passed/);
  });
});
