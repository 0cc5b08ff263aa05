import { PLATFORM_LIMITS, type StoryPlatform } from "@/lib/core/platform-limits";
import type { DbOrTx } from "@/lib/db/client";
import type { WorkspaceContext } from "@/lib/workspaces/context";

/**
 * What StoryRelay knows of each quota-limited channel's rolling publishing window: the instants of
 * its frames already published (when they went out) and of those scheduled (the story's time),
 * between `from` and `to`, leaving out `exceptStoryId` (the story being edited). Channels whose
 * platform has no publishing quota get no entry, so the composer's check skips them.
 */
export async function quotaBookings(
  db: DbOrTx,
  ctx: Pick<WorkspaceContext, "workspaceId">,
  channels: readonly { id: string; platform: StoryPlatform }[],
  range: { from: Date; to: Date },
  exceptStoryId?: string,
): Promise<Record<string, number[]>> {
  const limited = channels.filter((c) => PLATFORM_LIMITS[c.platform].publishingQuota).map((c) => c.id);
  if (limited.length === 0) return {};
  const frames = await db.storyTargetFrame.findMany({
    where: {
      workspaceId: ctx.workspaceId,
      target: {
        is: {
          channelId: { in: limited },
          ...(exceptStoryId ? { storyId: { not: exceptStoryId } } : {}),
          // Final targets other than PUBLISHED will not publish any more; open ones will.
          state: { notIn: ["FAILED", "SKIPPED", "UNCONFIRMED", "EXPIRED"] },
        },
      },
      OR: [
        { publishedAt: { gte: range.from, lte: range.to } },
        {
          publishedAt: null,
          target: {
            is: {
              story: {
                is: {
                  status: { in: ["IN_REVIEW", "APPROVED", "SCHEDULED", "PUBLISHING"] },
                  scheduledAt: { gte: range.from, lte: range.to },
                },
              },
            },
          },
        },
      ],
    },
    select: {
      publishedAt: true,
      target: { select: { channelId: true, story: { select: { scheduledAt: true } } } },
    },
  });
  const bookings: Record<string, number[]> = Object.fromEntries(limited.map((id) => [id, []]));
  for (const frame of frames) {
    const at = frame.publishedAt ?? frame.target.story.scheduledAt;
    if (at) bookings[frame.target.channelId]?.push(at.getTime());
  }
  return bookings;
}

/** The widest span around one instant that the quota check looks at: one window either side. */
export function quotaRange(at: Date): { from: Date; to: Date } {
  const widest = Math.max(
    0,
    ...Object.values(PLATFORM_LIMITS).map((limits) => limits.publishingQuota?.windowMs ?? 0),
  );
  return { from: new Date(at.getTime() - widest), to: new Date(at.getTime() + widest) };
}
