import { describe, expect, it } from "vitest";
import { nextSlot, slotOpen } from "./insight-slots";
import { accountPercent } from "./usage-book";

const HOUR = 3_600_000;
const out = new Date("2026-12-05T08:00:00Z");
const at = (hours: number) => new Date(out.getTime() + hours * HOUR);

describe("insight slots", () => {
  it("follow one another up to the final one", () => {
    expect(nextSlot("H1")).toBe("H6");
    expect(nextSlot("H20")).toBe("FINAL");
    expect(nextSlot("FINAL")).toBeNull();
  });

  it("open when due, close for good when the next one is due, and the final one until expiry", () => {
    expect(slotOpen(out, "H1", at(0.5))).toBe("early");
    expect(slotOpen(out, "H1", at(1))).toBe("open");
    expect(slotOpen(out, "H1", at(5.9))).toBe("open");
    expect(slotOpen(out, "H1", at(6))).toBe("missed");
    expect(slotOpen(out, "H20", at(23.5))).toBe("missed");
    expect(slotOpen(out, "FINAL", at(23.4))).toBe("early");
    expect(slotOpen(out, "FINAL", at(23.99))).toBe("open");
    expect(slotOpen(out, "FINAL", at(24))).toBe("expired");
  });
});

describe("an account's share of the usage headers", () => {
  const usage = {
    app: { callCount: 10, totalTime: 12, totalCputime: 11 },
    businessUseCases: [
      {
        accountId: "1784",
        type: "instagram",
        callCount: 40,
        totalTime: 83,
        totalCputime: 83,
        estimatedTimeToRegainAccessMin: 0,
      },
      {
        accountId: "9999",
        type: "pages",
        callCount: 99,
        totalTime: 99,
        totalCputime: 99,
        estimatedTimeToRegainAccessMin: 5,
      },
    ],
    maxPercent: 99,
    regainAccessMs: 300_000,
  };

  it("is the highest of its own budgets and the app's, never another account's", () => {
    expect(accountPercent(usage, "1784")).toBe(83);
    expect(accountPercent({ ...usage, businessUseCases: [] }, "1784")).toBe(12);
  });
});
