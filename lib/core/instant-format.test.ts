import { describe, expect, it } from "vitest";
import { formatCalendarDay, formatInstant, formatNamedInstant } from "./instant-format";

const now = new Date("2026-12-05T15:00:00Z");

describe("formatInstant", () => {
  it("shows this year's instant without the year, in the given zone and locale", () => {
    const instant = new Date("2026-12-05T14:00:00Z");
    expect(formatInstant(instant, "Europe/Berlin", "date-time", "en-GB", now)).toBe("Sat 5 Dec, 15:00");
    expect(formatInstant(instant, "America/New_York", "date-time", "en-US", now)).toBe(
      "Sat, Dec 5, 09:00 AM",
    );
  });

  it("adds the year when the instant is in another year where it is shown", () => {
    const instant = new Date("2099-03-01T09:00:00Z");
    expect(formatInstant(instant, "Europe/Lisbon", "date-time", "en-GB", now)).toBe("Sun, 1 Mar 2099, 09:00");
    // 23:30 UTC on 31 December is already next year in Tokyo.
    const newYear = new Date("2026-12-31T23:30:00Z");
    expect(formatInstant(newYear, "UTC", "date", "en-GB", now)).toBe("Thu 31 Dec");
    expect(formatInstant(newYear, "Asia/Tokyo", "date", "en-GB", now)).toBe("Fri, 1 Jan 2027");
  });

  it("gives seconds for logs, and a weekday without a date within a week", () => {
    const instant = new Date("2026-12-05T14:00:07Z");
    expect(formatInstant(instant, "UTC", "date-time-seconds", "en-GB", now)).toBe("Sat 5 Dec, 14:00:07");
    expect(formatInstant(instant, "UTC", "weekday-time", "en-GB", now)).toBe("Sat 14:00");
  });
});

describe("formatNamedInstant", () => {
  it("is the same shape with the zone always named, for text written on the server", () => {
    const instant = new Date("2026-12-08T10:47:55Z");
    expect(formatNamedInstant(instant, "UTC")).toMatch(/^Tue 8 Dec(?: 2026)?, 10:47 \(UTC\)$/);
    expect(formatNamedInstant(instant, "Asia/Kolkata")).toMatch(
      /^Tue 8 Dec(?: 2026)?, 16:17 \(Asia\/Kolkata\)$/,
    );
  });
});

describe("formatCalendarDay", () => {
  it("names a calendar day and its month whatever the server's zone", () => {
    expect(formatCalendarDay("2027-03-16")).toBe("Tue 16 Mar");
    expect(formatCalendarDay("2027-03-16", "month")).toBe("March 2027");
  });
});
