import { PLATFORM_LIMITS, type StoryPlatform } from "@/lib/core/platform-limits";
import type { DbOrTx } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
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
  // One plain query (no ORM objects per row): scheduling runs it for every story, in bursts.
  // It starts from the channel's targets (index workspaceId, channelId, state).
  const rows = await db.$queryRaw<{ channelId: string; at: Date }[]>(Prisma.sql`
    SELECT t."channelId", COALESCE(f."publishedAt", s."scheduledAt") AS at
    FROM "StoryTarget" t
    JOIN "Story" s ON s.id = t."storyId"
    JOIN "StoryTargetFrame" f ON f."targetId" = t.id
    WHERE t."workspaceId" = ${ctx.workspaceId}
      AND t."channelId" IN (${Prisma.join(limited)})
      -- Final targets other than PUBLISHED will not publish any more; open ones will.
      AND t.state NOT IN ('FAILED', 'SKIPPED', 'UNCONFIRMED', 'EXPIRED')
      AND s.id <> ${exceptStoryId ?? ""}
      AND (
        f."publishedAt" BETWEEN ${range.from} AND ${range.to}
        OR (
          f."publishedAt" IS NULL
          AND s.status IN ('IN_REVIEW', 'APPROVED', 'SCHEDULED', 'PUBLISHING')
          AND s."scheduledAt" BETWEEN ${range.from} AND ${range.to}
        )
      )`);
  const bookings: Record<string, number[]> = Object.fromEntries(limited.map((id) => [id, []]));
  for (const row of rows) bookings[row.channelId]?.push(row.at.getTime());
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
