import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db/client";
import type { Logger } from "@/lib/logger";
import { enqueueDispatchesSafely, type PublishQueues } from "@/lib/queue/publish-queues";
import { DEFAULT_FRESHNESS_MS } from "@/lib/queue/timing";
import { framesOf, stickersOfFrame } from "@/lib/stories/story-content";
import type { WorkspaceContext } from "@/lib/workspaces/context";
import type { PreparedStory } from "./prepare-planned-stories";

/**
 * Writes a batch of prepared stories in one transaction, a few statements for the whole batch
 * (stories, frames, targets, target frames, audit entries) instead of a transaction per story, and
 * then adds the dispatch jobs of the scheduled ones in one Redis call. A story whose importKey
 * exists already (an earlier import, or one running at the same moment) is skipped by the unique
 * index (ON CONFLICT DO NOTHING), so the race creates each story once. Returns how many it created.
 */
export async function writePlannedStories(
  deps: { db: Db; queues: PublishQueues; logger: Logger },
  ctx: WorkspaceContext,
  batch: readonly PreparedStory[],
): Promise<number> {
  if (batch.length === 0) return 0;
  const byKey = new Map(batch.map((p) => [p.planned.rowKey, p]));
  const created = await deps.db.$transaction(
    async (tx) => {
      const stories = await tx.story.createManyAndReturn({
        data: batch.map((p) => ({
          workspaceId: ctx.workspaceId,
          brandId: p.planned.brandId,
          authorId: ctx.userId,
          importKey: p.planned.rowKey,
          title: p.title,
          whatsappText: p.whatsappText,
          status: p.status,
          scheduledAt: p.scheduledAt,
          scheduledLocal: p.scheduledLocal,
          timeZone: p.timeZone,
          freshnessDeadline: new Date(p.scheduledAt.getTime() + DEFAULT_FRESHNESS_MS),
        })),
        skipDuplicates: true,
        select: {
          id: true,
          workspaceId: true,
          brandId: true,
          importKey: true,
          version: true,
          scheduledAt: true,
          status: true,
        },
      });
      const written = stories.flatMap((story) => {
        const prepared = story.importKey ? byKey.get(story.importKey) : undefined;
        return prepared ? [{ story, prepared }] : [];
      });
      const frames = await tx.storyFrame.createManyAndReturn({
        data: written.flatMap(({ story, prepared }) =>
          prepared.resolved.frames.map((frame, position) =>
            frame.kind === "TEXT"
              ? {
                  storyId: story.id,
                  workspaceId: ctx.workspaceId,
                  position,
                  text: frame.text,
                  backgroundColor: frame.backgroundColor ?? null,
                }
              : {
                  storyId: story.id,
                  workspaceId: ctx.workspaceId,
                  position,
                  mediaAssetId: frame.id,
                  stickers: stickersOfFrame(prepared.resolved.content, position),
                },
          ),
        ),
        select: { id: true, storyId: true, position: true },
      });
      // Targets and their frames are most of the rows (one per channel, one per channel and
      // frame): written with one unnest statement each, their ids made here, which is several
      // times faster than the ORM's multi-row insert for thousands of rows.
      const targets = written.flatMap(({ story, prepared }) =>
        prepared.resolved.channels.map((channel) => ({
          id: randomUUID(),
          storyId: story.id,
          channelId: channel.id,
          caption:
            prepared.resolved.content.overrides.find((o) => o.channelId === channel.id)?.caption || null,
          prepared,
        })),
      );
      await tx.$executeRaw`
        INSERT INTO "StoryTarget" (id, "workspaceId", "storyId", "channelId", "captionOverride", "updatedAt")
        SELECT t.id, ${ctx.workspaceId}, t."storyId", t."channelId", t.caption, now()
        FROM unnest(
          ${targets.map((t) => t.id)}::text[],
          ${targets.map((t) => t.storyId)}::text[],
          ${targets.map((t) => t.channelId)}::text[],
          ${targets.map((t) => t.caption)}::text[]
        ) AS t(id, "storyId", "channelId", caption)`;
      const framesOfStory = new Map<string, typeof frames>();
      for (const frame of frames)
        framesOfStory.set(frame.storyId, [...(framesOfStory.get(frame.storyId) ?? []), frame]);
      // As writeStoryContent numbers them: each target's frames in story order, from 0 on that channel.
      const targetFrames = targets.flatMap((target) => {
        const positions = framesOf(target.prepared.resolved, target.channelId);
        return (framesOfStory.get(target.storyId) ?? [])
          .filter((f) => positions === undefined || positions.includes(f.position))
          .sort((a, b) => a.position - b.position)
          .map((frame, position) => ({ id: randomUUID(), targetId: target.id, frameId: frame.id, position }));
      });
      await tx.$executeRaw`
        INSERT INTO "StoryTargetFrame" (id, "workspaceId", "targetId", "frameId", position, "updatedAt")
        SELECT f.id, ${ctx.workspaceId}, f."targetId", f."frameId", f.position, now()
        FROM unnest(
          ${targetFrames.map((f) => f.id)}::text[],
          ${targetFrames.map((f) => f.targetId)}::text[],
          ${targetFrames.map((f) => f.frameId)}::text[],
          ${targetFrames.map((f) => f.position)}::int[]
        ) AS f(id, "targetId", "frameId", position)`;
      await tx.auditLog.createMany({
        data: written.map(({ story, prepared }) => ({
          workspaceId: ctx.workspaceId,
          actorUserId: ctx.userId,
          actorApiKeyId: ctx.apiKeyId,
          action: "story.schedule",
          entityType: "Story",
          entityId: story.id,
          data: {
            scheduledAt: prepared.scheduledAt.toISOString(),
            channels: prepared.resolved.channels.map((c) => c.id),
            status: prepared.status,
            imported: true,
          },
        })),
      });
      return stories;
    },
    // A batch is a few large statements; the default 5 s is short on a busy machine.
    { timeout: 60_000, maxWait: 30_000 },
  );

  await enqueueDispatchesSafely(
    deps,
    created.filter((s) => s.status === "SCHEDULED"),
  );
  return created.length;
}
