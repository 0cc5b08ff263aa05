import { z } from "zod";

// What a reviewer approved, and what changed since: an approval stores the story's content as it
// was (Approval.contentSnapshot), and a later version is compared with it so the reviewer reads
// only the differences instead of checking the whole story again.

const snapshotFrameSchema = z.object({
  mediaAssetId: z.string().nullable(),
  /** The media's file name when it was approved, so a removed file can still be named. */
  mediaName: z.string().nullable(),
  /** IMAGE, VIDEO or TEXT (a text status). */
  kind: z.string(),
  text: z.string().nullable(),
  backgroundColor: z.string().nullable(),
  /** The frame's planned stickers as stored (kind, position and what each needs). */
  stickers: z.array(z.record(z.string(), z.json())),
});

const snapshotChannelSchema = z.object({
  channelId: z.string(),
  name: z.string(),
  /** The channel's own caption, when it has one. */
  caption: z.string().nullable(),
  /** 0-based positions of the frames this channel gets, when not all of them. */
  frames: z.array(z.number().int()).nullable(),
});

export const storySnapshotSchema = z.object({
  title: z.string(),
  caption: z.string().nullable(),
  frames: z.array(snapshotFrameSchema),
  channels: z.array(snapshotChannelSchema),
  /** The wall-clock time chosen, "yyyy-MM-ddTHH:mm", in timeZone. */
  scheduledLocal: z.string().nullable(),
  timeZone: z.string().nullable(),
});

export type StorySnapshot = z.infer<typeof storySnapshotSchema>;
export type SnapshotFrame = StorySnapshot["frames"][number];

/** A stored snapshot, or null when there is none or it is not one (an approval from before snapshots). */
export function parseStorySnapshot(value: unknown): StorySnapshot | null {
  const parsed = storySnapshotSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

export type StoryChangeKind = "title" | "caption" | "frames" | "text" | "stickers" | "channels" | "time";

/** One difference, as a sentence a reviewer reads. */
export type StoryChange = { kind: StoryChangeKind; text: string };

const quote = (value: string | null, max = 60) => {
  const flat = (value ?? "").replace(/\s+/g, " ").trim();
  if (flat === "") return "(none)";
  return flat.length > max ? `“${flat.slice(0, max - 1)}…”` : `“${flat}”`;
};

function frameName(frame: SnapshotFrame): string {
  if (frame.kind === "TEXT") return `text ${quote(frame.text, 30)}`;
  return frame.mediaName ?? `${frame.kind.toLowerCase()} ${frame.mediaAssetId ?? ""}`.trim();
}

/** Media frames are the same frame when they show the same file; text frames match each other in order. */
const identity = (frame: SnapshotFrame) =>
  frame.mediaAssetId === null ? "TEXT" : `media:${frame.mediaAssetId}`;

function stickerSummary(stickers: SnapshotFrame["stickers"]): string {
  if (stickers.length === 0) return "none";
  return stickers.map((s) => String(s.kind ?? "sticker")).join(", ");
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The item at an index the caller computed from the same list. */
function at<T>(list: readonly T[], index: number): T {
  const item = list[index];
  if (item === undefined) throw new Error(`no item at ${index}`);
  return item;
}

/**
 * Pairs each frame of `after` with a frame of `before` that shows the same thing (the first unused
 * one), so a frame that moved is a move and not a removal plus an addition.
 */
function matchFrames(before: readonly SnapshotFrame[], after: readonly SnapshotFrame[]) {
  const used = new Set<number>();
  const matchOf = after.map((frame) => {
    const index = before.findIndex((candidate, i) => !used.has(i) && identity(candidate) === identity(frame));
    if (index >= 0) used.add(index);
    return index >= 0 ? index : null;
  });
  return { matchOf, removed: before.map((_, i) => i).filter((i) => !used.has(i)) };
}

function frameChanges(before: StorySnapshot, after: StorySnapshot): StoryChange[] {
  const changes: StoryChange[] = [];
  const { matchOf, removed } = matchFrames(before.frames, after.frames);
  const added = matchOf.flatMap((match, i) => (match === null ? [i] : []));
  // A frame removed where one was added, at the same place, was replaced.
  const replaced = added.filter((i) => removed.includes(i));
  for (const i of replaced) {
    changes.push({
      kind: "frames",
      text: `Frame ${i + 1} replaced: ${frameName(at(before.frames, i))} → ${frameName(at(after.frames, i))}.`,
    });
  }
  for (const i of removed.filter((r) => !replaced.includes(r))) {
    changes.push({ kind: "frames", text: `Frame ${i + 1} removed: ${frameName(at(before.frames, i))}.` });
  }
  for (const i of added.filter((a) => !replaced.includes(a))) {
    changes.push({ kind: "frames", text: `Frame ${i + 1} added: ${frameName(at(after.frames, i))}.` });
  }
  const kept = matchOf.flatMap((match) => (match === null ? [] : [match]));
  if (kept.some((match, i) => i > 0 && match < at(kept, i - 1))) {
    changes.push({
      kind: "frames",
      text: `Frames reordered: now ${kept.map((match) => match + 1).join(", ")} of the approved order.`,
    });
  }
  matchOf.forEach((match, i) => {
    if (match === null) return;
    const was = at(before.frames, match);
    const now = at(after.frames, i);
    if (was.text !== now.text) {
      changes.push({ kind: "text", text: `Frame ${i + 1} text: ${quote(was.text)} → ${quote(now.text)}.` });
    } else if (was.backgroundColor !== now.backgroundColor) {
      changes.push({
        kind: "text",
        text: `Frame ${i + 1} background: ${was.backgroundColor ?? "default"} → ${now.backgroundColor ?? "default"}.`,
      });
    }
    if (!sameJson(was.stickers, now.stickers)) {
      const wasSummary = stickerSummary(was.stickers);
      const nowSummary = stickerSummary(now.stickers);
      changes.push({
        kind: "stickers",
        text:
          wasSummary === nowSummary
            ? `Frame ${i + 1} stickers moved or edited (${nowSummary}).`
            : `Frame ${i + 1} stickers: ${wasSummary} → ${nowSummary}.`,
      });
    }
  });
  return changes;
}

function channelChanges(before: StorySnapshot, after: StorySnapshot): StoryChange[] {
  const changes: StoryChange[] = [];
  const beforeById = new Map(before.channels.map((c) => [c.channelId, c]));
  const afterIds = new Set(after.channels.map((c) => c.channelId));
  for (const channel of after.channels) {
    const was = beforeById.get(channel.channelId);
    if (!was) {
      changes.push({ kind: "channels", text: `Channel added: ${channel.name}.` });
      continue;
    }
    if (was.caption !== channel.caption) {
      changes.push({
        kind: "caption",
        text: `${channel.name} caption: ${quote(was.caption)} → ${quote(channel.caption)}.`,
      });
    }
    if (!sameJson(was.frames, channel.frames)) {
      const frames = (list: number[] | null) =>
        list === null ? "all frames" : `frames ${list.map((f) => f + 1).join(", ")}`;
      changes.push({
        kind: "channels",
        text: `${channel.name} gets ${frames(channel.frames)} (was ${frames(was.frames)}).`,
      });
    }
  }
  for (const channel of before.channels) {
    if (!afterIds.has(channel.channelId))
      changes.push({ kind: "channels", text: `Channel removed: ${channel.name}.` });
  }
  return changes;
}

const timeText = (snapshot: StorySnapshot) =>
  snapshot.scheduledLocal === null
    ? "no time"
    : `${snapshot.scheduledLocal.replace("T", " ")} ${snapshot.timeZone ?? ""}`.trim();

/**
 * What changed from the approved content (`before`) to the content now under review (`after`),
 * in the order a reviewer checks a story: title, caption, frames (added, removed, replaced,
 * reordered, their text and stickers), channels, time. Empty when nothing a reviewer sees changed.
 */
export function diffStorySnapshots(before: StorySnapshot, after: StorySnapshot): StoryChange[] {
  const changes: StoryChange[] = [];
  if (before.title !== after.title) {
    changes.push({ kind: "title", text: `Title: ${quote(before.title)} → ${quote(after.title)}.` });
  }
  if (before.caption !== after.caption) {
    changes.push({ kind: "caption", text: `Caption: ${quote(before.caption)} → ${quote(after.caption)}.` });
  }
  changes.push(...frameChanges(before, after), ...channelChanges(before, after));
  if (before.scheduledLocal !== after.scheduledLocal || before.timeZone !== after.timeZone) {
    changes.push({ kind: "time", text: `Time: ${timeText(before)} → ${timeText(after)}.` });
  }
  return changes;
}
