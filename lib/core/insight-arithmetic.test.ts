import { describe, expect, it } from "vitest";
import {
  type FrameNumbers,
  formatPercent,
  frameFunnel,
  median,
  storyTotals,
  sumKnown,
  weightedCompletion,
} from "./insight-arithmetic";

const none = {
  views: null,
  reach: null,
  replies: null,
  shares: null,
  follows: null,
  profileVisits: null,
  totalInteractions: null,
  navigation: null,
  tapForward: null,
  tapBack: null,
  tapExit: null,
  swipeForward: null,
};

function frame(position: number, of: number, numbers: Partial<FrameNumbers> = {}): FrameNumbers {
  return { ...none, position, lastFrame: position === of - 1, outcome: "OK", ...numbers };
}

describe("storyTotals", () => {
  it("sums views and replies over frames, takes the largest reach as the story's people, and completion last ÷ first", () => {
    const totals = storyTotals([
      frame(1, 3, { views: 80, reach: 70, replies: 1 }),
      frame(0, 3, { views: 120, reach: 100, replies: 2 }),
      frame(2, 3, { views: 50, reach: 40 }),
    ]);
    expect(totals.views).toBe(250);
    expect(totals.reach).toBe(100);
    expect(totals.replies).toBe(3);
    expect(totals.shares).toBeNull();
    expect(totals.firstViewers).toBe(100);
    expect(totals.lastViewers).toBe(40);
    expect(totals.completion).toBeCloseTo(0.4);
  });

  it("gives a single frame no completion: it would always be 100%", () => {
    const totals = storyTotals([frame(0, 1, { views: 10, reach: 9 })]);
    expect(totals.completion).toBeNull();
    expect(totals.reach).toBe(9);
  });

  it("keeps too few viewers apart: nothing summed, completion unknown, flagged when every frame says so", () => {
    const few = storyTotals([
      frame(0, 2, { outcome: "TOO_FEW_VIEWERS" }),
      frame(1, 2, { outcome: "TOO_FEW_VIEWERS" }),
    ]);
    expect(few.tooFewViewers).toBe(true);
    expect(few.views).toBeNull();
    expect(few.completion).toBeNull();
    const mixed = storyTotals([
      frame(0, 2, { views: 30, reach: 20 }),
      frame(1, 2, { outcome: "TOO_FEW_VIEWERS" }),
    ]);
    expect(mixed.tooFewViewers).toBe(false);
    expect(mixed.views).toBe(30);
    expect(mixed.completion).toBeNull();
  });
});

describe("weightedCompletion", () => {
  it("weighs stories by their first-frame viewers and skips single frames", () => {
    expect(
      weightedCompletion([
        { completion: 0.5, firstViewers: 1000, lastViewers: 500 },
        { completion: 1, firstViewers: 10, lastViewers: 10 },
        { completion: null, firstViewers: 99, lastViewers: 99 },
      ]),
    ).toBeCloseTo(510 / 1010);
    expect(weightedCompletion([])).toBeNull();
  });
});

describe("frameFunnel", () => {
  it("gives viewers, taps and the drop from each frame to the next, and marks the worst drop", () => {
    const funnel = frameFunnel([
      frame(0, 4, { reach: 200, tapForward: 150, tapExit: 20 }),
      frame(1, 4, { reach: 180, tapForward: 100, tapExit: 50 }),
      frame(2, 4, { reach: 90, tapForward: 70, tapExit: 10 }),
      frame(3, 4, { reach: 81, tapExit: 5 }),
    ]);
    expect(funnel.steps.map((s) => s.viewers)).toEqual([200, 180, 90, 81]);
    expect(funnel.steps.map((s) => s.dropPct)).toEqual([null, 10, 50, 10]);
    expect(funnel.steps[1]?.tapExit).toBe(50);
    expect(funnel.worstAt).toBe(2);
  });

  it("has no worst drop when nobody dropped or numbers are missing", () => {
    expect(frameFunnel([frame(0, 2, { reach: 10 }), frame(1, 2, { reach: 12 })]).worstAt).toBeNull();
    const missing = frameFunnel([frame(0, 2, { reach: 10 }), frame(1, 2, { outcome: "TOO_FEW_VIEWERS" })]);
    expect(missing.worstAt).toBeNull();
    expect(missing.steps[1]).toMatchObject({ viewers: null, dropPct: null, tooFewViewers: true });
  });

  it("does not divide by a frame nobody saw", () => {
    expect(frameFunnel([frame(0, 2, { reach: 0 }), frame(1, 2, { reach: 0 })]).steps[1]?.dropPct).toBeNull();
  });
});

describe("small helpers", () => {
  it("sumKnown keeps unknown apart from zero", () => {
    expect(sumKnown([null, undefined])).toBeNull();
    expect(sumKnown([0, null])).toBe(0);
  });
  it("median of odd and even counts", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
  it("formatPercent", () => {
    expect(formatPercent(0.4567)).toBe("45.7%");
    expect(formatPercent(null)).toBe("—");
  });
});
