import { describe, expect, it } from "vitest";
import {
  diffStorySnapshots,
  parseStorySnapshot,
  type SnapshotFrame,
  type StorySnapshot,
} from "./story-snapshot";

const photo = (id: string, extra: Partial<SnapshotFrame> = {}): SnapshotFrame => ({
  mediaAssetId: id,
  mediaName: `${id}.jpg`,
  kind: "IMAGE",
  text: null,
  backgroundColor: null,
  stickers: [],
  ...extra,
});
const textFrame = (text: string, backgroundColor: string | null = null): SnapshotFrame => ({
  mediaAssetId: null,
  mediaName: null,
  kind: "TEXT",
  text,
  backgroundColor,
  stickers: [],
});

const base: StorySnapshot = {
  title: "Croissant week",
  caption: "Fresh at 7",
  frames: [photo("a"), photo("b"), textFrame("Open till 6")],
  channels: [
    { channelId: "ig", name: "Instagram · bakery", caption: null, frames: null },
    { channelId: "wa", name: "WhatsApp · bakery", caption: null, frames: null },
  ],
  scheduledLocal: "2026-12-07T09:00",
  timeZone: "Europe/Berlin",
};
const [f0, f1, f2] = base.frames as [SnapshotFrame, SnapshotFrame, SnapshotFrame];
const texts = (before: StorySnapshot, after: StorySnapshot) =>
  diffStorySnapshots(before, after).map((c) => c.text);

describe("diffStorySnapshots", () => {
  it("finds nothing between equal snapshots", () => {
    expect(diffStorySnapshots(base, structuredClone(base))).toEqual([]);
  });

  it("names a changed title, caption and time", () => {
    const after = { ...base, title: "Croissant days", caption: null, scheduledLocal: "2026-12-08T10:30" };
    expect(diffStorySnapshots(base, after)).toEqual([
      { kind: "title", text: "Title: “Croissant week” → “Croissant days”." },
      { kind: "caption", text: "Caption: “Fresh at 7” → (none)." },
      { kind: "time", text: "Time: 2026-12-07 09:00 Europe/Berlin → 2026-12-08 10:30 Europe/Berlin." },
    ]);
  });

  it("tells added, removed and replaced frames apart", () => {
    expect(texts(base, { ...base, frames: [...base.frames, photo("c")] })).toEqual(["Frame 4 added: c.jpg."]);
    expect(texts(base, { ...base, frames: [f0, f2] })).toEqual(["Frame 2 removed: b.jpg."]);
    expect(texts(base, { ...base, frames: [f0, photo("z"), f2] })).toEqual([
      "Frame 2 replaced: b.jpg → z.jpg.",
    ]);
  });

  it("reports a reorder once, not as removals and additions", () => {
    expect(texts(base, { ...base, frames: [f1, f0, f2] })).toEqual([
      "Frames reordered: now 2, 1, 3 of the approved order.",
    ]);
  });

  it("names a text frame's new text and background, and changed stickers", () => {
    const mention = { kind: "mention", username: "bakery", x: 0.5, y: 0.5 };
    const before = { ...base, frames: [photo("a", { stickers: [mention] }), textFrame("Open till 6")] };
    const after = {
      ...base,
      frames: [
        photo("a", { stickers: [mention, { kind: "link", url: "https://x.test", x: 0.1, y: 0.1 }] }),
        textFrame("Open till 8"),
      ],
    };
    const beforeText = textFrame("Open till 6");
    expect(texts(before, after)).toEqual([
      "Frame 1 stickers: mention → mention, link.",
      "Frame 2 text: “Open till 6” → “Open till 8”.",
    ]);
    const moved = {
      ...before,
      frames: [photo("a", { stickers: [{ ...mention, x: 0.2 }] }), beforeText],
    };
    expect(texts(before, moved)).toEqual(["Frame 1 stickers moved or edited (mention)."]);
    const recoloured = {
      ...before,
      frames: [photo("a", { stickers: [mention] }), textFrame("Open till 6", "#ff0000")],
    };
    expect(texts(before, recoloured)).toEqual(["Frame 2 background: default → #ff0000."]);
  });

  it("names channels added, removed, their captions and frame subsets", () => {
    const after: StorySnapshot = {
      ...base,
      channels: [
        { channelId: "ig", name: "Instagram · bakery", caption: "Only on IG", frames: [0, 1] },
        { channelId: "fb", name: "Facebook · bakery", caption: null, frames: null },
      ],
    };
    expect(diffStorySnapshots(base, after)).toEqual([
      { kind: "caption", text: "Instagram · bakery caption: (none) → “Only on IG”." },
      { kind: "channels", text: "Instagram · bakery gets frames 1, 2 (was all frames)." },
      { kind: "channels", text: "Channel added: Facebook · bakery." },
      { kind: "channels", text: "Channel removed: WhatsApp · bakery." },
    ]);
  });
});

describe("parseStorySnapshot", () => {
  it("reads a stored snapshot and refuses anything else", () => {
    expect(parseStorySnapshot(JSON.parse(JSON.stringify(base)))).toEqual(base);
    expect(parseStorySnapshot(null)).toBeNull();
    expect(parseStorySnapshot({ title: "no frames" })).toBeNull();
  });
});
