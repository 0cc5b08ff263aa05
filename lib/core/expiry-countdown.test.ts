import { describe, expect, it } from "vitest";
import { expiryCountdown } from "./expiry-countdown";

const now = new Date("2026-12-05T12:00:00Z");
const at = (ms: number) => new Date(now.getTime() + ms);
const HOUR = 3_600_000;

describe("expiryCountdown", () => {
  it("counts whole days, hours or minutes, never rounding up", () => {
    expect(expiryCountdown(at(5 * 24 * HOUR), now)).toBe("expires in 5 days");
    expect(expiryCountdown(at(7 * 24 * HOUR - 1), now)).toBe("expires in 6 days");
    expect(expiryCountdown(at(47 * HOUR), now)).toBe("expires in 47 hours");
    expect(expiryCountdown(at(HOUR), now)).toBe("expires in 60 minutes");
    expect(expiryCountdown(at(30_000), now)).toBe("expires in 1 minute");
  });

  it("says when it already expired", () => {
    expect(expiryCountdown(at(-3 * 24 * HOUR), now)).toBe("expired 3 days ago");
  });
});
