import { describe, expect, it } from "vitest";
import { INSTAGRAM_STORY_METRICS } from "./instagram-insights";

describe("the Instagram story metrics StoryRelay asks for", () => {
  it("are Meta's current ones, never the deprecated impressions or plays", () => {
    expect(INSTAGRAM_STORY_METRICS.join(",")).toBe(
      "views,reach,replies,shares,follows,profile_visits,total_interactions,navigation",
    );
    expect(INSTAGRAM_STORY_METRICS).not.toContain("impressions");
    expect(INSTAGRAM_STORY_METRICS).not.toContain("plays");
  });
});
