import { platformDescriptor } from "@/lib/core/platforms/registry";
import { type StorySnapshot, storySnapshotSchema } from "@/lib/core/story-snapshot";
import type { DbOrTx } from "@/lib/db/client";

/**
 * A story's content as a reviewer sees it (lib/core/story-snapshot.ts): stored with an approval,
 * and read again for the version under review to show what changed since. Scoped by workspace
 * only: the callers have already checked who may see the story.
 */
export async function readStorySnapshot(
  db: DbOrTx,
  workspaceId: string,
  storyId: string,
): Promise<StorySnapshot> {
  const snapshot = (await readStorySnapshots(db, workspaceId, [storyId])).get(storyId);
  if (!snapshot) throw new Error(`story ${storyId} is not in workspace ${workspaceId}`);
  return snapshot;
}

/** Several stories' snapshots in one read (the review queue's rows), keyed by story id. */
export async function readStorySnapshots(
  db: DbOrTx,
  workspaceId: string,
  storyIds: readonly string[],
): Promise<Map<string, StorySnapshot>> {
  if (storyIds.length === 0) return new Map();
  const stories = await selectSnapshotRows(db, workspaceId, storyIds);
  return new Map(stories.map((story) => [story.id, snapshotOf(story)]));
}

function selectSnapshotRows(db: DbOrTx, workspaceId: string, storyIds: readonly string[]) {
  return db.story.findMany({
    where: { id: { in: [...storyIds] }, workspaceId },
    select: {
      id: true,
      title: true,
      whatsappText: true,
      scheduledLocal: true,
      timeZone: true,
      frames: {
        orderBy: { position: "asc" },
        select: {
          id: true,
          position: true,
          mediaAssetId: true,
          mediaAsset: { select: { kind: true, originalName: true } },
          text: true,
          backgroundColor: true,
          stickers: true,
        },
      },
      targets: {
        orderBy: { createdAt: "asc" },
        select: {
          channelId: true,
          captionOverride: true,
          channel: { select: { displayName: true, platform: true } },
          frames: { orderBy: { position: "asc" }, select: { frameId: true } },
        },
      },
    },
  });
}

type SnapshotRow = Awaited<ReturnType<typeof selectSnapshotRows>>[number];

function snapshotOf(story: SnapshotRow): StorySnapshot {
  const positionOf = new Map(story.frames.map((f) => [f.id, f.position]));
  // Parsed, so what is stored is exactly what the diff reads back.
  return storySnapshotSchema.parse({
    title: story.title,
    caption: story.whatsappText,
    frames: story.frames.map((f) => ({
      mediaAssetId: f.mediaAssetId,
      mediaName: f.mediaAsset?.originalName ?? null,
      kind: f.mediaAsset?.kind ?? "TEXT",
      text: f.text,
      backgroundColor: f.backgroundColor,
      stickers: Array.isArray(f.stickers) ? f.stickers : [],
    })),
    channels: story.targets.map((t) => {
      const positions = t.frames.flatMap((f) => positionOf.get(f.frameId) ?? []);
      return {
        channelId: t.channelId,
        name: `${platformDescriptor(t.channel.platform).name} · ${t.channel.displayName}`,
        caption: t.captionOverride,
        frames: positions.length === story.frames.length ? null : positions,
      };
    }),
    scheduledLocal: story.scheduledLocal,
    timeZone: story.timeZone,
  });
}
