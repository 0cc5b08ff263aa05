import { describe, expect, it } from "vitest";
import type { InstagramMedia } from "../core/entities";
import { SimState } from "../core/sim-state";
import { simulatorOptionsSchema } from "../core/simulator-options";
import { storyInsightsAt } from "./instagram-insights";

const HOUR = 3_600_000;

function story(accountId: string, id: string, at = 0, position = 0, nextId?: string): InstagramMedia {
  return {
    id,
    accountId,
    containerId: `c${id}`,
    kind: "image",
    sha256: "x",
    publishedAt: at,
    userTags: [],
    sequence: { firstId: position === 0 ? id : "first", firstAt: at, position, nextId },
  };
}

describe("simulated story insights", () => {
  const state = new SimState(simulatorOptionsSchema.parse({}));

  it("are the same for the same account and story ids, and differ between accounts", () => {
    const a = storyInsightsAt(state, story("1784001", "179001"), 6 * HOUR);
    expect(storyInsightsAt(state, story("1784001", "179001"), 6 * HOUR)).toEqual(a);
    expect(storyInsightsAt(state, story("1784002", "179001"), 6 * HOUR)).not.toEqual(a);
  });

  it("report too few viewers at first, numbers while live and nothing after 24 h", () => {
    const media = story("1784001", "179001");
    expect(storyInsightsAt(state, media, 0).kind).toBe("too_few_viewers");
    expect(storyInsightsAt(state, media, HOUR).kind).toBe("numbers");
    expect(storyInsightsAt(state, media, 24 * HOUR).kind).toBe("gone");
  });

  it("keep the later frames of a sequence below the first", () => {
    const first = storyInsightsAt(state, story("1784001", "first", 0, 0, "second"), 6 * HOUR);
    const second = storyInsightsAt(state, story("1784001", "second", 0, 1), 6 * HOUR);
    if (first.kind !== "numbers" || second.kind !== "numbers") throw new Error("expected numbers");
    expect(second.values.reach).toBeLessThan(first.values.reach);
    expect(first.navigation.TAP_FORWARD).toBe(second.values.reach);
  });
});
