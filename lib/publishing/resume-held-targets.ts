import type { Db } from "@/lib/db/client";
import { enqueuePublish, type PublishQueues } from "@/lib/queue/publish-queues";

/**
 * After a channel is reconnected: its targets held in NEEDS_REAUTH go back to PENDING and get
 * their publish jobs. Targets past their story's freshness deadline are left to the sweep, which
 * expires them rather than publishing late.
 */
export async function resumeHeldTargets(
  deps: { db: Db; queues: PublishQueues },
  channel: { id: string; workspaceId: string },
): Promise<number> {
  const held = await deps.db.storyTarget.findMany({
    where: {
      channelId: channel.id,
      workspaceId: channel.workspaceId,
      state: "NEEDS_REAUTH",
      story: { is: { status: "PUBLISHING" } },
    },
    select: { id: true, story: { select: { version: true } } },
  });
  if (held.length === 0) return 0;
  await deps.db.storyTarget.updateMany({
    where: { id: { in: held.map((t) => t.id) }, state: "NEEDS_REAUTH" },
    data: {
      state: "PENDING",
      nextAttemptAt: null,
      lastErrorMessage: null,
      lastErrorClass: null,
      lastErrorCode: null,
      waitReason: null,
      waitUntil: null,
      waitDetail: null,
    },
  });
  await enqueuePublish(
    deps.queues,
    held.map((t) => ({ targetId: t.id, workspaceId: channel.workspaceId, storyVersion: t.story.version })),
  );
  return held.length;
}
