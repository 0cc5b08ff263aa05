import { describe, expect, it } from "vitest";
import { SimClock } from "./sim-clock";

describe("SimClock", () => {
  it("runs with real time plus an offset that only grows", () => {
    const clock = new SimClock();
    const before = Date.now();
    clock.advance(86_400_000);
    expect(clock.now()).toBeGreaterThanOrEqual(before + 86_400_000);
    expect(() => clock.advance(-1)).toThrow(RangeError);
    clock.reset();
    expect(clock.offset).toBe(0);
  });
});
