import { describe, expect, it } from "vitest";
import { formatUtcOffset, isValidTimeZone, listTimeZones } from "./time-zone";

describe("isValidTimeZone", () => {
  it.each(["Europe/Berlin", "America/New_York", "Asia/Kolkata", "America/Argentina/Buenos_Aires", "UTC"])(
    "accepts %s",
    (zone) => expect(isValidTimeZone(zone)).toBe(true),
  );

  it("accepts links the zone database resolves", () => {
    expect(isValidTimeZone("Asia/Calcutta")).toBe(true);
  });

  it.each([
    "Mars/Olympus_Mons",
    "Europe/Berln",
    "",
    "+02:00",
    "GMT+2",
    "Europe/../etc/passwd",
    "europe berlin",
  ])("refuses %j", (zone) => expect(isValidTimeZone(zone)).toBe(false));
});

describe("listTimeZones", () => {
  it("is sorted, includes UTC and only holds valid zones", () => {
    const zones = listTimeZones();
    expect(zones).toContain("UTC");
    expect(zones).toContain("Europe/Berlin");
    expect([...zones].sort()).toEqual(zones);
    expect(zones.every(isValidTimeZone)).toBe(true);
  });
});

describe("formatUtcOffset", () => {
  it("follows daylight saving", () => {
    expect(formatUtcOffset("Europe/Berlin", new Date("2026-01-15T12:00:00Z"))).toBe("UTC+01:00");
    expect(formatUtcOffset("Europe/Berlin", new Date("2026-07-15T12:00:00Z"))).toBe("UTC+02:00");
    expect(formatUtcOffset("America/New_York", new Date("2026-07-15T12:00:00Z"))).toBe("UTC-04:00");
    expect(formatUtcOffset("UTC")).toBe("UTC+00:00");
  });
});
