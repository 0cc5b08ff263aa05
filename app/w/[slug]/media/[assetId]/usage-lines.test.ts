import { describe, expect, it } from "vitest";
import { usageLines } from "./usage-lines";

describe("usageLines", () => {
  it("tells which stories get the new framing and which keep what was sent", () => {
    expect(usageLines({ upcoming: 2, sent: 1, publishing: [] })).toEqual([
      "Used by 2 stories not yet published; they will go out with the new framing.",
      "1 story has already gone out with this picture: the platforms keep what they received (StoryRelay's pages show the new framing for them too), and a channel retried later gets the new framing.",
    ]);
    expect(usageLines({ upcoming: 1, sent: 0, publishing: ["Opening day"] })).toEqual([
      "Used by 1 story not yet published; it will go out with the new framing.",
      "1 story is being published with it right now.",
    ]);
  });

  it("says when no story uses the file", () => {
    expect(usageLines({ upcoming: 0, sent: 0, publishing: [] })).toEqual(["No story uses this file yet."]);
  });
});
