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
      const targets = await tx.storyTarget.createManyAndReturn({
        data: written.flatMap(({ story, prepared }) =>
          prepared.resolved.channels.map((channel) => ({
            storyId: story.id,
            workspaceId: ctx.workspaceId,
            channelId: channel.id,
            captionOverride:
              prepared.resolved.content.overrides.find((o) => o.channelId === channel.id)?.caption || null,
          })),
        ),
        select: { id: true, storyId: true, channelId: true },
      });
      const framesOfStory = new Map<string, typeof frames>();
      for (const frame of frames)
        framesOfStory.set(frame.storyId, [...(framesOfStory.get(frame.storyId) ?? []), frame]);
      const preparedOfStory = new Map(written.map(({ story, prepared }) => [story.id, prepared]));
      // As writeStoryContent numbers them: each target's frames in story order, from 0 on that channel.
      await tx.storyTargetFrame.createMany({
        data: targets.flatMap((target) => {
          const prepared = preparedOfStory.get(target.storyId);
          if (!prepared) return [];
          const positions = framesOf(prepared.resolved, target.channelId);
          return (framesOfStory.get(target.storyId) ?? [])
            .filter((f) => positions === undefined || positions.includes(f.position))
            .sort((a, b) => a.position - b.position)
            .map((frame, position) => ({
              workspaceId: ctx.workspaceId,
              targetId: target.id,
              frameId: frame.id,
              position,
            }));
        }),
      });
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
