import { describe, expect, it } from "vitest";
import { storyContentSchema } from "@/lib/stories/schemas";
import { apiAddsSticker, STORY_PLATFORMS } from "./platform-limits";
import { MAX_STICKERS_PER_FRAME, stickerSchema, storedStickersSchema } from "./stickers";

const issueOf = (input: unknown) => {
  const result = stickerSchema.safeParse(input);
  return result.success ? null : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("sticker schema", () => {
  it("accepts each kind with its text, link or username, at any position on the frame", () => {
    expect(stickerSchema.parse({ frame: 2, kind: "mention", username: "@acme.co_", x: 0, y: 1 })).toEqual({
      frame: 2,
      kind: "mention",
      username: "acme.co_",
      x: 0,
      y: 1,
    });
    expect(
      stickerSchema.parse({ frame: 0, kind: "link", url: "https://example.com/a?b=1", x: 0.5, y: 0.5 }),
    ).toMatchObject({ url: "https://example.com/a?b=1" });
    for (const kind of ["poll", "question", "location", "music"]) {
      expect(stickerSchema.parse({ frame: 0, kind, text: "  Hi  ", x: 0.1, y: 0.9 })).toMatchObject({
        kind,
        text: "Hi",
      });
    }
  });

  it("refuses positions off the frame, naming the axis", () => {
    expect(issueOf({ frame: 0, kind: "poll", text: "Q", x: -0.1, y: 0.5 })).toEqual([
      "x: x must be from 0 (left) to 1.",
    ]);
    expect(issueOf({ frame: 0, kind: "poll", text: "Q", x: 0.5, y: 1.01 })).toEqual([
      "y: y must be from 0 to 1 (bottom edge).",
    ]);
    expect(issueOf({ frame: 0, kind: "poll", text: "Q", x: 0.5 })).toEqual([
      "y: y must be a number from 0 to 1.",
    ]);
    expect(issueOf({ frame: 10, kind: "poll", text: "Q", x: 0.5, y: 0.5 })).toEqual([
      "frame: A story has at most 10 frames.",
    ]);
  });

  it("refuses what each kind needs with a specific message", () => {
    expect(issueOf({ frame: 0, kind: "mention", username: "two words", x: 0, y: 0 })).toEqual([
      "username: A username has 1-30 letters, digits, dots or underscores.",
    ]);
    expect(issueOf({ frame: 0, kind: "link", url: "javascript:alert(1)", x: 0, y: 0 })).toEqual([
      "url: Use a full web address, e.g. https://example.com/sale.",
    ]);
    expect(issueOf({ frame: 0, kind: "poll", text: " ", x: 0, y: 0 })).toEqual([
      "text: Write the poll question.",
    ]);
    expect(issueOf({ frame: 0, kind: "sparkles", x: 0, y: 0 })).toEqual([
      "kind: kind must be one of mention, link, poll, question, location, music.",
    ]);
    // Strict: a username on a poll is a mistake, not something to drop silently.
    expect(issueOf({ frame: 0, kind: "poll", text: "Q", username: "acme", x: 0, y: 0 })).not.toBeNull();
  });

  it("reads stored stickers back without their frame, and refuses a corrupt row", () => {
    expect(storedStickersSchema.parse([{ kind: "mention", username: "acme", x: 0.2, y: 0.3 }])).toEqual([
      { kind: "mention", username: "acme", x: 0.2, y: 0.3 },
    ]);
    expect(storedStickersSchema.parse([])).toEqual([]);
    expect(() => storedStickersSchema.parse([{ kind: "mention", x: 2, y: 0 }])).toThrow();
  });

  it("refuses more than the readable number of stickers on one frame, not across frames", () => {
    const on = (frame: number) => ({ frame, kind: "poll", text: "Q", x: 0.5, y: 0.5 });
    const many = Array.from({ length: MAX_STICKERS_PER_FRAME }, () => on(0));
    const base = { frames: ["a", "b"] };
    expect(storyContentSchema.safeParse({ ...base, stickers: [...many, on(1)] }).success).toBe(true);
    const refused = storyContentSchema.safeParse({ ...base, stickers: [...many, on(0)] });
    expect(refused.error?.issues.map((i) => i.message)).toEqual(["A frame has at most 5 stickers."]);
  });
});

describe("which stickers an API adds", () => {
  it("Instagram adds mentions (user_tags); nothing else is added by any API", () => {
    const added = STORY_PLATFORMS.flatMap((platform) =>
      (["mention", "poll", "question", "location", "music"] as const)
        .filter((kind) => apiAddsSticker(platform, kind))
        .map((kind) => `${platform}:${kind}`),
    );
    expect(added).toEqual(["INSTAGRAM:mention"]);
  });
});
