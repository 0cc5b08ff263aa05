import { describe, expect, it } from "vitest";
import { shownFrameState, shownTargetState } from "./shown-state";

describe("shownFrameState", () => {
  it("follows a target that ended without the frame", () => {
    expect(shownFrameState("PREPARING", "FAILED")).toBe("FAILED");
    expect(shownFrameState("PENDING", "EXPIRED")).toBe("EXPIRED");
    expect(shownFrameState("READY", "NEEDS_REAUTH")).toBe("NEEDS_REAUTH");
    expect(shownFrameState("PREPARING", "SKIPPED")).toBe("SKIPPED");
  });

  it("keeps a published frame published and a frame under way as it is", () => {
    expect(shownFrameState("PUBLISHED", "FAILED")).toBe("PUBLISHED");
    expect(shownFrameState("PREPARING", "PUBLISHING")).toBe("PREPARING");
    expect(shownFrameState("PENDING", "PENDING")).toBe("PENDING");
  });
});

describe("shownTargetState", () => {
  it("says a draft's or a reviewed story's channel is not scheduled rather than waiting", () => {
    expect(shownTargetState("PENDING", "DRAFT")).toBe("NOT_SCHEDULED");
    expect(shownTargetState("PENDING", "IN_REVIEW")).toBe("NOT_SCHEDULED");
  });

  it("leaves the channels of a scheduled or finished story as they are", () => {
    expect(shownTargetState("PENDING", "SCHEDULED")).toBe("PENDING");
    expect(shownTargetState("FAILED", "DRAFT")).toBe("FAILED");
    expect(shownTargetState("PUBLISHED", "PUBLISHED")).toBe("PUBLISHED");
  });
});
