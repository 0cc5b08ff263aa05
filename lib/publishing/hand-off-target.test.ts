import { describe, expect, it } from "vitest";
import type { StoredSticker } from "@/lib/core/stickers";
import { handoffAssignee, needsHandoff } from "./hand-off-target";

// Decision 023's rule: which targets a person posts, and who.

const mention: StoredSticker = { kind: "mention", username: "acme", x: 0.5, y: 0.5 };
const link: StoredSticker = { kind: "link", url: "https://example.com", x: 0.5, y: 0.8 };
const gateway = { config: { mode: "gateway" } };
const handoff = { config: { mode: "handoff", assigneeUserId: "u-assignee" } };

describe("needsHandoff", () => {
  it("hands off a target whose frames carry a sticker its platform's API cannot add", () => {
    const on = (platform: "INSTAGRAM" | "FACEBOOK", ...stickers: StoredSticker[]) =>
      needsHandoff({ channel: { platform, config: null }, frames: [{ stickers: [] }, { stickers }] });
    expect(on("INSTAGRAM")).toBe(false);
    expect(on("INSTAGRAM", mention)).toBe(false);
    expect(on("INSTAGRAM", mention, link)).toBe(true);
    expect(on("FACEBOOK", mention)).toBe(true);
  });

  it("always hands off a handoff channel, never a gateway one for no sticker", () => {
    expect(needsHandoff({ channel: { platform: "WHATSAPP", ...handoff }, frames: [{ stickers: [] }] })).toBe(
      true,
    );
    expect(needsHandoff({ channel: { platform: "WHATSAPP", ...gateway }, frames: [{ stickers: [] }] })).toBe(
      false,
    );
  });
});

describe("handoffAssignee", () => {
  it("is a handoff channel's assignee, else the story's author", () => {
    expect(handoffAssignee(handoff, { authorId: "u-author" })).toBe("u-assignee");
    expect(handoffAssignee({ config: null }, { authorId: "u-author" })).toBe("u-author");
    expect(handoffAssignee({ config: null }, { authorId: null })).toBeNull();
  });
});
