import { type FrameNumbers, type StoryTotals, storyTotals } from "@/lib/core/insight-arithmetic";
import type { DbOrTx } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import type { InsightContentType, Platform } from "@/lib/db/generated/enums";

/** The FrameInsight columns every read model of this folder takes. */
export const FRAME_INSIGHT_SELECT = {
  targetFrameId: true,
  brandId: true,
  storyId: true,
  targetId: true,
  channelId: true,
  platform: true,
  position: true,
  lastFrame: true,
  contentType: true,
  publishedAt: true,
  capturedAt: true,
  outcome: true,
  final: true,
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
} as const;

/** One story on one channel, from its frames' latest numbers. */
export type StoryRow = {
  storyId: string;
  brandId: string;
  targetId: string;
  channelId: string;
  platform: Platform;
  /** When its first frame went out. */
  publishedAt: Date;
  /** The latest reading among its frames. */
  capturedAt: Date;
  /** Every frame's numbers are final. */
  final: boolean;
  frames: (FrameNumbers & { contentType: InsightContentType })[];
  totals: StoryTotals;
  /** When its first frame went out, as a date in the zone loadStoryRows was given (else null). */
  localDate?: string | null;
};

/**
 * The stories (per channel) whose frames went out in [from, to) in the workspace, optionally of
 * some brands, from FrameInsight: the latest numbers, never the snapshots. Served by the index
 * (workspaceId, brandId, publishedAt) or (workspaceId, publishedAt).
 */
export async function loadStoryRows(
  db: DbOrTx,
  where: { workspaceId: string; brandIds?: string[]; from: Date; to: Date; timeZone?: string },
): Promise<StoryRow[]> {
  // Raw SQL rather than findMany: a busy brand's month is thousands of frames, and Postgres also
  // gives each its date in the brand's zone (a zone conversion per row here costs more than the
  // query). The columns are FRAME_INSIGHT_SELECT's.
  const frames = await db.$queryRaw<(StoryRowFrame & { localDate: string | null })[]>(Prisma.sql`
    SELECT "targetFrameId", "brandId", "storyId", "targetId", "channelId", platform::text AS platform,
           position, "lastFrame", "contentType"::text AS "contentType", "publishedAt", "capturedAt",
           outcome::text AS outcome, final, views, reach, replies, shares, follows, "profileVisits",
           "totalInteractions", navigation, "tapForward", "tapBack", "tapExit", "swipeForward",
           ${where.timeZone ? Prisma.sql`to_char("publishedAt" AT TIME ZONE ${where.timeZone}, 'YYYY-MM-DD')` : Prisma.sql`NULL`} AS "localDate"
    FROM "FrameInsight"
    WHERE "workspaceId" = ${where.workspaceId}
      ${where.brandIds ? Prisma.sql`AND "brandId" IN (${Prisma.join(where.brandIds)})` : Prisma.empty}
      AND "publishedAt" >= ${where.from} AND "publishedAt" < ${where.to}
    ORDER BY "publishedAt", "targetId", position`);
  const byTarget = new Map<string, (typeof frames)[number][]>();
  for (const frame of frames) {
    const list = byTarget.get(frame.targetId);
    if (list) list.push(frame);
    else byTarget.set(frame.targetId, [frame]);
  }
  // Frames come in publishing order, so a story's first frame is its first row.
  return [...byTarget.values()].map((own) => ({ ...storyRowOf(own), localDate: own[0]?.localDate ?? null }));
}

export function storyRowOf(frames: readonly StoryRowFrame[]): StoryRow {
  const first = frames[0];
  if (!first) throw new Error("a story row needs at least one frame");
  return {
    storyId: first.storyId,
    brandId: first.brandId,
    targetId: first.targetId,
    channelId: first.channelId,
    platform: first.platform,
    publishedAt: new Date(Math.min(...frames.map((f) => f.publishedAt.getTime()))),
    capturedAt: new Date(Math.max(...frames.map((f) => f.capturedAt.getTime()))),
    final: frames.every((f) => f.final),
    frames: [...frames],
    totals: storyTotals(frames),
  };
}

export type StoryRowFrame = FrameNumbers & {
  storyId: string;
  brandId: string;
  targetId: string;
  channelId: string;
  platform: Platform;
  contentType: InsightContentType;
  publishedAt: Date;
  capturedAt: Date;
  final: boolean;
};
