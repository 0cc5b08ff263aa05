import type { DbOrTx } from "@/lib/db/client";
import type { WebhookEventType } from "./events";
import { recordWebhookEvent } from "./record-webhook-event";

const EVENT_FOR_STATUS: Record<string, WebhookEventType> = {
  PUBLISHED: "story.published",
  FAILED: "story.failed",
  PARTIAL: "story.partially_failed",
};

/**
 * The story's outcome event, in the roll-up's transaction: the story with each target's state,
 * external ids, permalink and error, so a receiver rarely needs to call back.
 */
export async function emitStoryOutcome(
  tx: DbOrTx,
  story: { id: string; workspaceId: string },
  status: string,
  now: Date,
): Promise<void> {
  const type = EVENT_FOR_STATUS[status];
  if (!type) return;
  // Read only when an endpoint subscribed: most workspaces have none, and this runs once per story.
  const data = async () => {
    const detail = await tx.story.findFirstOrThrow({
      where: { id: story.id, workspaceId: story.workspaceId },
      select: {
        id: true,
        brandId: true,
        title: true,
        status: true,
        scheduledAt: true,
        publishedAt: true,
        targets: {
          orderBy: { channel: { platform: "asc" } },
          select: {
            id: true,
            state: true,
            permalink: true,
            publishedAt: true,
            lastErrorCode: true,
            lastErrorMessage: true,
            channel: { select: { id: true, platform: true, displayName: true } },
            frames: { orderBy: { position: "asc" }, select: { position: true, externalMediaId: true } },
          },
        },
      },
    });
    return {
      story: {
        id: detail.id,
        brandId: detail.brandId,
        title: detail.title,
        status: detail.status,
        scheduledAt: detail.scheduledAt?.toISOString() ?? null,
        publishedAt: detail.publishedAt?.toISOString() ?? null,
        targets: detail.targets.map((target) => ({
          id: target.id,
          channel: target.channel,
          state: target.state,
          permalink: target.permalink,
          publishedAt: target.publishedAt?.toISOString() ?? null,
          externalMediaIds: target.frames.map((frame) => frame.externalMediaId),
          error: target.lastErrorMessage
            ? { code: target.lastErrorCode, message: target.lastErrorMessage }
            : null,
        })),
      },
    };
  };
  await recordWebhookEvent(tx, { workspaceId: story.workspaceId, type, data }, now);
}
