import { describe, expect, it } from "vitest";
import { refreshDelay } from "./refresh-delay";

const NOW = Date.parse("2026-12-06T12:00:00Z");
const EVERY = 2_000;
const IDLE = 30_000;

describe("refreshDelay", () => {
  it("refreshes often once the story is due, or when it has no time", () => {
    expect(refreshDelay(NOW, NOW - 60_000, EVERY, IDLE)).toBe(EVERY);
    expect(refreshDelay(NOW, NOW, EVERY, IDLE)).toBe(EVERY);
    expect(refreshDelay(NOW, null, EVERY, IDLE)).toBe(EVERY);
  });

  it("refreshes slowly before the story's time, and once exactly at it", () => {
    expect(refreshDelay(NOW, NOW + 7 * 86_400_000, EVERY, IDLE)).toBe(IDLE);
    expect(refreshDelay(NOW, NOW + 45_000, EVERY, IDLE)).toBe(IDLE);
    expect(refreshDelay(NOW, NOW + 12_345, EVERY, IDLE)).toBe(12_345);
  });

  it("does not wait past the usual interval for a time that is nearly there", () => {
    expect(refreshDelay(NOW, NOW + 1_500, EVERY, IDLE)).toBe(EVERY);
    expect(refreshDelay(NOW, NOW + 2_001, EVERY, IDLE)).toBe(2_001);
  });
});
