import type { DbOrTx } from "@/lib/db/client";
import { recordWebhookEvent } from "@/lib/webhooks/record-webhook-event";

/**
 * `story.insights_final` for one story target, once: when every published frame of it has a
 * FINAL snapshot (polled or delivered by the platform's webhook). Runs inside
 * recordInsightSnapshot's transaction, after it locked the target row, so two frames' final
 * readings recorded at the same moment cannot both miss the other's (the second waits for the
 * first to commit and then sees it). `insightsFinalAt` is claimed with a conditional update, so
 * a replayed final reading emits nothing. Returns whether the event was recorded.
 */
export async function emitInsightsFinalIfComplete(
  tx: DbOrTx,
  target: { id: string; workspaceId: string },
  now: Date,
): Promise<boolean> {
  const frames = await tx.storyTargetFrame.findMany({
    where: { targetId: target.id, workspaceId: target.workspaceId, publishedAt: { not: null } },
    orderBy: { position: "asc" },
    select: {
      id: true,
      position: true,
      externalMediaId: true,
      publishedAt: true,
      insight: {
        select: {
          outcome: true,
          capturedAt: true,
          views: true,
          reach: true,
          replies: true,
          shares: true,
          follows: true,
          profileVisits: true,
          totalInteractions: true,
          navigation: true,
          tapForward: true,
          tapBack: true,
          tapExit: true,
          swipeForward: true,
        },
      },
      snapshots: { where: { slot: "FINAL" }, select: { id: true }, take: 1 },
    },
  });
  if (frames.length === 0 || frames.some((frame) => frame.snapshots.length === 0)) return false;
  const claimed = await tx.storyTarget.updateMany({
    where: { id: target.id, workspaceId: target.workspaceId, insightsFinalAt: null },
    data: { insightsFinalAt: now },
  });
  if (claimed.count === 0) return false;

  const detail = await tx.storyTarget.findFirstOrThrow({
    where: { id: target.id, workspaceId: target.workspaceId },
    select: {
      id: true,
      publishedAt: true,
      permalink: true,
      story: { select: { id: true, brandId: true, title: true } },
      channel: { select: { id: true, platform: true, displayName: true } },
    },
  });
  await recordWebhookEvent(
    tx,
    {
      workspaceId: target.workspaceId,
      type: "story.insights_final",
      data: {
        story: detail.story,
        target: {
          id: detail.id,
          channel: detail.channel,
          permalink: detail.permalink,
          publishedAt: detail.publishedAt?.toISOString() ?? null,
          // Aggregates only, one entry per frame in order: the funnel a receiver can draw.
          frames: frames.map(({ insight, ...frame }) => ({
            position: frame.position,
            externalMediaId: frame.externalMediaId,
            publishedAt: frame.publishedAt?.toISOString() ?? null,
            outcome: insight?.outcome ?? null,
            capturedAt: insight?.capturedAt.toISOString() ?? null,
            numbers: insight
              ? {
                  views: insight.views,
                  reach: insight.reach,
                  replies: insight.replies,
                  shares: insight.shares,
                  follows: insight.follows,
                  profileVisits: insight.profileVisits,
                  totalInteractions: insight.totalInteractions,
                  navigation: insight.navigation,
                  tapForward: insight.tapForward,
                  tapBack: insight.tapBack,
                  tapExit: insight.tapExit,
                  swipeForward: insight.swipeForward,
                }
              : null,
          })),
        },
      },
    },
    now,
  );
  return true;
}
