import { describe, expect, it } from "vitest";
import { backoffDelayMs } from "./backoff";

describe("backoffDelayMs", () => {
  it("doubles the ceiling per attempt up to the cap", () => {
    const top = { random: () => 1 };
    expect([1, 2, 3, 4].map((n) => backoffDelayMs(n, top))).toEqual([2_000, 4_000, 8_000, 16_000]);
    expect(backoffDelayMs(30, top)).toBe(300_000);
  });

  it("jitters between a tenth of the ceiling and the ceiling", () => {
    expect(backoffDelayMs(3, { random: () => 0 })).toBe(800);
    for (let i = 0; i < 100; i++) {
      const delay = backoffDelayMs(3);
      expect(delay).toBeGreaterThanOrEqual(800);
      expect(delay).toBeLessThanOrEqual(8_000);
    }
  });
});
