import { describe, expect, it } from "vitest";
import { rollUpStoryStatus } from "./story-status";

describe("rollUpStoryStatus", () => {
  it.each([
    [["PUBLISHED", "PUBLISHED", "PUBLISHED"], "PUBLISHED"],
    [["PUBLISHED", "SKIPPED"], "PUBLISHED"],
    [["PUBLISHED", "PENDING"], "PUBLISHING"],
    [["PUBLISHED", "NEEDS_REAUTH"], "PUBLISHING"],
    [["PUBLISHED", "FAILED"], "PARTIAL"],
    [["PUBLISHED", "UNCONFIRMED"], "PARTIAL"],
    [["PUBLISHED", "EXPIRED"], "PARTIAL"],
    [["FAILED", "FAILED"], "FAILED"],
    [["FAILED", "EXPIRED"], "FAILED"],
    [["UNCONFIRMED"], "FAILED"],
    [["EXPIRED", "EXPIRED"], "EXPIRED"],
    [["EXPIRED", "SKIPPED"], "EXPIRED"],
  ] as const)("%j → %s", (states, status) => {
    expect(rollUpStoryStatus(states)).toBe(status);
  });
});
