import { describe, expect, it } from "vitest";
import { dateInZone } from "@/lib/core/plain-date";
import {
  bucketOf,
  customRangeProblem,
  MAX_RANGE_DAYS,
  monthRange,
  presetRange,
  rangeBuckets,
  rangeInstants,
} from "./analytics-period";

describe("analytics ranges", () => {
  it("reads a range in the brand's zone", () => {
    expect(rangeInstants({ from: "2026-11-01", to: "2026-11-30" }, "America/New_York")).toEqual({
      from: new Date("2026-11-01T04:00:00Z"),
      to: new Date("2026-12-01T05:00:00Z"),
    });
    expect(dateInZone(new Date("2026-12-01T03:00:00Z"), "America/New_York")).toBe("2026-11-30");
  });

  it("week and month presets end today; a month is a calendar month", () => {
    expect(presetRange("week", "2026-12-05")).toEqual({ from: "2026-11-29", to: "2026-12-05" });
    expect(presetRange("month", "2026-12-05")).toEqual({ from: "2026-11-06", to: "2026-12-05" });
    expect(monthRange("2028-02")).toEqual({ from: "2028-02-01", to: "2028-02-29" });
    expect(monthRange("2028-13")).toBeNull();
  });

  it("refuses a custom range that is not one, saying what to change", () => {
    expect(customRangeProblem("2026-11-01", "2026-11-30")).toBeNull();
    expect(customRangeProblem("2026-11-31", "2026-12-01")).toMatch(/YYYY-MM-DD/);
    expect(customRangeProblem("2026-12-01", "2026-11-01")).toMatch(/swap/);
    expect(customRangeProblem("2025-01-01", "2026-12-31")).toContain(String(MAX_RANGE_DAYS));
  });

  it("charts days up to two months and weeks beyond", () => {
    const short = { from: "2026-11-01", to: "2026-11-30" };
    expect(bucketOf("2026-11-18", short)).toBe("2026-11-18");
    const long = { from: "2026-01-01", to: "2026-12-31" };
    expect(bucketOf("2026-11-18", long)).toBe("2026-11-16");
    expect(rangeBuckets(short)).toHaveLength(30);
  });
});
