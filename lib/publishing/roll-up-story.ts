import { rollUpStoryStatus, type TargetState } from "@/lib/core/story-status";
import type { DbOrTx } from "@/lib/db/client";
import { notifyStoryOutcome } from "@/lib/notifications/notify-story-outcome";
import { emitStoryOutcome } from "@/lib/webhooks/emit-story-outcome";
import { lockStoryRow } from "./lock-story-row";

/**
 * Moves a PUBLISHING story to its final status once every target has ended. Runs in the caller's
 * transaction, with the story row locked so two targets finishing at once agree on the result.
 */
export async function rollUpStory(tx: DbOrTx, story: { id: string; workspaceId: string }, now: Date) {
  await tx.$queryRaw(lockStoryRow(story.id, "UPDATE"));
  const targets = await tx.storyTarget.findMany({
    where: { storyId: story.id, workspaceId: story.workspaceId },
    select: { state: true },
  });
  const status = rollUpStoryStatus(targets.map((t) => t.state as TargetState));
  if (status === "PUBLISHING") return status;
  const publishedAt = status === "PUBLISHED" || status === "PARTIAL" ? now : null;
  // What the notice needs comes back with the change: this runs once per story in a burst.
  const [changed] = await tx.$queryRaw<{ brandId: string; title: string; authorId: string | null }[]>`
    UPDATE "Story"
    SET status = ${status}::"StoryStatus", "publishedAt" = ${publishedAt}, "updatedAt" = ${now}
    WHERE id = ${story.id} AND "workspaceId" = ${story.workspaceId} AND status = 'PUBLISHING'
    RETURNING "brandId", title, "authorId"`;
  if (changed) {
    await emitStoryOutcome(tx, story, status, now);
    await notifyStoryOutcome(tx, story, status, changed);
  }
  return status;
}
