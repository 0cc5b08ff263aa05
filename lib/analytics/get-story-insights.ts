import {
  type FrameNumbers,
  type FunnelStep,
  frameFunnel,
  type StoryTotals,
  storyTotals,
} from "@/lib/core/insight-arithmetic";
import { type InsightSlot, STORY_LIVE_MS, slotDueAt, stillLive } from "@/lib/core/insights";
import { platformDescriptor } from "@/lib/core/platforms/registry";
import type { Db } from "@/lib/db/client";
import type { Platform } from "@/lib/db/generated/enums";
import { AppError } from "@/lib/errors";
import { assertCan, canSeeBrand, type WorkspaceContext } from "@/lib/workspaces/context";
import { FRAME_INSIGHT_SELECT } from "./story-rows";

const NOT_FOUND = "This story does not exist or you cannot see it.";

export type InsightFrame = FrameNumbers & { capturedAt: Date; final: boolean };

/** A point of a channel's growth curve: one reading (slot) of all its frames. */
export type GrowthPoint = { slot: InsightSlot; at: Date; views: number | null; reach: number | null };

/** What one channel of a story can show. */
export type ChannelInsights =
  | { kind: "none"; why: string }
  | { kind: "not-published" }
  | {
      kind: "waiting";
      publishedAt: Date;
      firstReadingDue: Date;
      overdue: boolean;
      /** The story is gone from the platform (24 h): numbers never read now never will be. */
      expired: boolean;
    }
  | {
      kind: "numbers";
      publishedAt: Date;
      /** The latest reading among its frames, and whether every frame's numbers are final. */
      capturedAt: Date;
      final: boolean;
      tooFewViewers: boolean;
      totals: StoryTotals;
      frames: InsightFrame[];
      /** Only for a story of two frames or more. */
      funnel: { steps: FunnelStep[]; worstAt: number | null } | null;
      growth: GrowthPoint[];
      /** The end of the live window (24 h after it went out): the growth chart's right edge. */
      liveUntil: Date;
    };

export type StoryInsights = {
  storyId: string;
  brandId: string;
  title: string;
  timeZone: string;
  channels: {
    targetId: string;
    channelId: string;
    platform: Platform;
    displayName: string;
    insights: ChannelInsights;
  }[];
};

/**
 * One story's numbers per channel, for its page and the API: the latest numbers of each frame
 * (FrameInsight) with when they were read and whether they are final, their growth over the
 * story's life (its snapshots in time order), and for a multi-frame story the frame funnel. A
 * platform whose API reports nothing says why (its descriptor), never zeros; before the first
 * reading, when it is due.
 */
export async function getStoryInsights(
  db: Db,
  ctx: WorkspaceContext,
  storyId: string,
  now = new Date(),
): Promise<StoryInsights> {
  assertCan(ctx, "stories:view", "see stories");
  const story =
    storyId.length > 0 && storyId.length <= 100
      ? await db.story.findFirst({
          where: { id: storyId, workspaceId: ctx.workspaceId },
          select: {
            id: true,
            brandId: true,
            title: true,
            timeZone: true,
            brand: { select: { timeZone: true } },
            targets: {
              orderBy: { channel: { platform: "asc" } },
              select: {
                id: true,
                publishedAt: true,
                channel: { select: { id: true, platform: true, displayName: true } },
                frames: { select: { publishedAt: true } },
              },
            },
          },
        })
      : null;
  if (!story || !canSeeBrand(ctx, story.brandId)) throw new AppError("NOT_FOUND", NOT_FOUND);

  const [frames, snapshots] = await Promise.all([
    db.frameInsight.findMany({
      where: { workspaceId: ctx.workspaceId, storyId: story.id },
      select: FRAME_INSIGHT_SELECT,
      orderBy: { position: "asc" },
    }),
    db.insightSnapshot.findMany({
      where: {
        workspaceId: ctx.workspaceId,
        targetId: { in: story.targets.map((t) => t.id) },
        outcome: "OK",
      },
      select: { targetId: true, slot: true, source: true, capturedAt: true, views: true, reach: true },
      orderBy: { capturedAt: "asc" },
    }),
  ]);

  const channels = story.targets.map((target) => {
    const support = platformDescriptor(target.channel.platform).insights;
    const base = {
      targetId: target.id,
      channelId: target.channel.id,
      platform: target.channel.platform,
      displayName: target.channel.displayName,
    };
    if (support.kind === "none") return { ...base, insights: { kind: "none", why: support.why } as const };
    const published = target.frames
      .map((f) => f.publishedAt?.getTime())
      .filter((t): t is number => t !== undefined);
    const publishedAt = published.length > 0 ? new Date(Math.min(...published)) : target.publishedAt;
    if (!publishedAt) return { ...base, insights: { kind: "not-published" } as const };
    const own = frames.filter((f) => f.targetId === target.id);
    if (own.length === 0) {
      const due = slotDueAt(publishedAt, "H1");
      return {
        ...base,
        insights: {
          kind: "waiting",
          publishedAt,
          firstReadingDue: due,
          overdue: now > due,
          expired: !stillLive(publishedAt, now),
        } as const,
      };
    }
    const totals = storyTotals(own);
    return {
      ...base,
      insights: {
        kind: "numbers",
        publishedAt,
        capturedAt: new Date(Math.max(...own.map((f) => f.capturedAt.getTime()))),
        final: own.every((f) => f.final),
        tooFewViewers: totals.tooFewViewers,
        totals,
        frames: own,
        funnel: own.length > 1 ? frameFunnel(own) : null,
        growth: growthOf(snapshots.filter((s) => s.targetId === target.id)),
        liveUntil: new Date(publishedAt.getTime() + STORY_LIVE_MS),
      } as const,
    };
  });
  return {
    storyId: story.id,
    brandId: story.brandId,
    title: story.title,
    timeZone: story.timeZone ?? story.brand.timeZone,
    channels,
  };
}

/**
 * One point per reading (slot and source) of a channel: its frames' views summed, the largest
 * frame reach, at the latest of its frames' capture times; in time order.
 */
function growthOf(
  snapshots: {
    slot: InsightSlot;
    source: string;
    capturedAt: Date;
    views: number | null;
    reach: number | null;
  }[],
): GrowthPoint[] {
  const bySlot = new Map<string, GrowthPoint>();
  for (const snapshot of snapshots) {
    const key = `${snapshot.slot}:${snapshot.source}`;
    const point = bySlot.get(key);
    if (!point) {
      bySlot.set(key, {
        slot: snapshot.slot,
        at: snapshot.capturedAt,
        views: snapshot.views,
        reach: snapshot.reach,
      });
      continue;
    }
    if (snapshot.capturedAt > point.at) point.at = snapshot.capturedAt;
    if (snapshot.views !== null) point.views = (point.views ?? 0) + snapshot.views;
    if (snapshot.reach !== null) point.reach = Math.max(point.reach ?? 0, snapshot.reach);
  }
  return [...bySlot.values()].sort((a, b) => a.at.getTime() - b.at.getTime());
}
