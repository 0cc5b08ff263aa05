import { describe, expect, it } from "vitest";
import { UsageMeter } from "./usage-meter";

const MINUTE = 60_000;

describe("UsageMeter", () => {
  it("counts calls over a rolling hour", () => {
    const meter = new UsageMeter();
    const start = 1_000 * MINUTE;
    meter.record("a", start);
    meter.record("a", start + 30 * MINUTE);
    meter.record("b", start);
    expect(meter.count("a", start + 30 * MINUTE)).toBe(2);
    expect(meter.count("a", start + 60 * MINUTE)).toBe(1);
    expect(meter.count("a", start + 91 * MINUTE)).toBe(0);
    expect(meter.count("b", start)).toBe(1);
  });

  it("says how many minutes until the oldest calls leave the window", () => {
    const meter = new UsageMeter();
    const start = 2_000 * MINUTE;
    meter.record("a", start);
    expect(meter.minutesToRegain("a", start + 20 * MINUTE)).toBe(40);
  });
});
