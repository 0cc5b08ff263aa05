import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import type { StoryStatus } from "@/lib/db/generated/enums";
import { thumbnailKeyOf, thumbnailSelect } from "@/lib/media/thumbnail-key";
import { frameLabel } from "@/lib/stories/frame-label";
import { assertCan, visibleBrandFilter, type WorkspaceContext } from "@/lib/workspaces/context";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Rows per list before "N more": the home is a summary; the calendar and brand pages have the rest. */
export const HOME_LIST_LIMIT = 5;
/** Frames shown per story: enough to recognise it. */
const FRAMES_SHOWN = 3;
/** A channel whose token runs out within this long is listed, so it can be reconnected in time. */
export const TOKEN_WARNING_MS = 7 * DAY_MS;
/** Failures older than this are history (the story page keeps them), not today's work. */
const FAILURE_WINDOW_MS = 7 * DAY_MS;
/**
 * A story due a little before now that has not started (the sweep picks it up within a minute)
 * still "goes out next", so the window reaches back this far.
 */
const DUE_GRACE_MS = HOUR_MS;

const FAILING: StoryStatus[] = ["FAILED", "PARTIAL"];
const GOING_OUT: StoryStatus[] = ["APPROVED", "SCHEDULED", "PUBLISHING"];
const WENT_OUT: StoryStatus[] = ["PUBLISHED", "PARTIAL"];

const storySelect = {
  id: true,
  title: true,
  status: true,
  brandId: true,
  timeZone: true,
  scheduledAt: true,
  publishedAt: true,
  updatedAt: true,
  frames: {
    orderBy: { position: "asc" },
    take: FRAMES_SHOWN,
    select: {
      id: true,
      text: true,
      backgroundColor: true,
      mediaAsset: { select: { originalName: true, ...thumbnailSelect } },
    },
  },
  _count: { select: { frames: true } },
  targets: {
    orderBy: { channel: { platform: "asc" } },
    select: {
      id: true,
      state: true,
      lastErrorMessage: true,
      channel: { select: { id: true, platform: true, displayName: true, sandbox: true, status: true } },
    },
  },
} satisfies Prisma.StorySelect;

type StoryRow = Prisma.StoryGetPayload<{ select: typeof storySelect }>;

type BrandRow = { id: string; name: string; timeZone: string };

/** A story as the home lists it: what it is (frames), when, where, and how each channel did. */
export type HomeStory = {
  id: string;
  title: string;
  status: StoryStatus;
  brand: BrandRow;
  /** The zone the story was scheduled in (the brand's unless chosen otherwise). */
  timeZone: string;
  scheduledAt: Date | null;
  publishedAt: Date | null;
  frames: {
    id: string;
    /** A key in media storage, or null for a text frame or media without a small rendition. */
    thumbnailKey: string | null;
    label: string;
    text: string | null;
    backgroundColor: string | null;
  }[];
  frameCount: number;
  targets: StoryRow["targets"];
};

/** A bounded list and how many rows it left out. */
export type HomeList<T> = { items: T[]; more: number };

function toHomeStory(row: StoryRow, brands: Map<string, BrandRow>): HomeStory {
  const brand = brands.get(row.brandId) ?? { id: row.brandId, name: "", timeZone: "UTC" };
  return {
    id: row.id,
    title: row.title || (row.frames[0] && frameLabel(row.frames[0])) || "Untitled story",
    status: row.status,
    brand,
    timeZone: row.timeZone ?? brand.timeZone,
    scheduledAt: row.scheduledAt,
    publishedAt: row.publishedAt,
    frames: row.frames.map((frame) => ({
      id: frame.id,
      thumbnailKey: frame.mediaAsset ? thumbnailKeyOf(frame.mediaAsset) : null,
      label: frameLabel(frame),
      text: frame.text,
      backgroundColor: frame.backgroundColor,
    })),
    frameCount: row._count.frames,
    targets: row.targets,
  };
}

/**
 * What needs the caller today in this workspace, limited to the brands they may see: stories
 * that failed or went out only in part (last 7 days), stories waiting for review, channels to
 * reconnect (or whose token runs out within 7 days), what goes out in the next 24 hours and what
 * went out in the last 24. Each list holds at most `limit` rows and says how many more there
 * are. Also the counts an empty workspace's first steps are ticked off by.
 *
 * Every story query is scoped by workspaceId and the visible brand ids, and served by
 * Story(workspaceId, status, scheduledAt) or Story(workspaceId, publishedAt); channels by
 * Channel(workspaceId, brandId). A dozen small queries, most in parallel; none grows with history.
 */
export async function getHomeOverview(
  db: Db,
  ctx: WorkspaceContext,
  now: Date = new Date(),
  limit: number = HOME_LIST_LIMIT,
) {
  assertCan(ctx, "stories:view", "see the home page");
  const brandRows = await db.brand.findMany({
    where: visibleBrandFilter(ctx),
    orderBy: { name: "asc" },
    select: { id: true, name: true, timeZone: true, _count: { select: { channels: true } } },
  });
  const brands = new Map(brandRows.map((b) => [b.id, { id: b.id, name: b.name, timeZone: b.timeZone }]));
  const scope = { workspaceId: ctx.workspaceId, brandId: { in: [...brands.keys()] } };

  const failingWhere: Prisma.StoryWhereInput = {
    ...scope,
    status: { in: FAILING },
    scheduledAt: { gte: new Date(now.getTime() - FAILURE_WINDOW_MS) },
  };
  const reviewWhere: Prisma.StoryWhereInput = { ...scope, status: "IN_REVIEW" };
  const upcomingWhere: Prisma.StoryWhereInput = {
    ...scope,
    status: { in: GOING_OUT },
    scheduledAt: { gte: new Date(now.getTime() - DUE_GRACE_MS), lt: new Date(now.getTime() + DAY_MS) },
  };
  const recentWhere: Prisma.StoryWhereInput = {
    ...scope,
    status: { in: WENT_OUT },
    publishedAt: { gte: new Date(now.getTime() - DAY_MS), lte: now },
  };
  const channelWhere: Prisma.ChannelWhereInput = {
    ...scope,
    OR: [
      { status: "NEEDS_REAUTH" },
      { status: "CONNECTED", tokenExpiresAt: { lt: new Date(now.getTime() + TOKEN_WARNING_MS) } },
    ],
  };

  const list = async (where: Prisma.StoryWhereInput, orderBy: Prisma.StoryOrderByWithRelationInput[]) => {
    const [rows, total] = await Promise.all([
      db.story.findMany({ where, orderBy, take: limit, select: storySelect }),
      db.story.count({ where }),
    ]);
    return { items: rows.map((row) => toHomeStory(row, brands)), more: Math.max(0, total - rows.length) };
  };

  const [failing, inReview, upcoming, recent, channels, channelCount, storyCount] = await Promise.all([
    list(failingWhere, [{ scheduledAt: "desc" }, { id: "asc" }]),
    list(reviewWhere, [{ scheduledAt: { sort: "asc", nulls: "last" } }, { id: "asc" }]),
    list(upcomingWhere, [{ scheduledAt: "asc" }, { id: "asc" }]),
    list(recentWhere, [{ publishedAt: "desc" }, { id: "asc" }]),
    db.channel.findMany({
      where: channelWhere,
      orderBy: [{ tokenExpiresAt: { sort: "asc", nulls: "first" } }, { id: "asc" }],
      take: limit,
      select: {
        id: true,
        brandId: true,
        platform: true,
        displayName: true,
        sandbox: true,
        status: true,
        statusReason: true,
        tokenExpiresAt: true,
      },
    }),
    db.channel.count({ where: channelWhere }),
    // Only "is there one?" matters for the first steps: stop at the first row.
    db.story.findFirst({ where: scope, select: { id: true } }),
  ]);

  return {
    brands: brandRows.map((b) => ({
      id: b.id,
      name: b.name,
      timeZone: b.timeZone,
      channels: b._count.channels,
    })),
    failing,
    inReview,
    upcoming,
    recent,
    channels: {
      items: channels.map((channel) => ({
        ...channel,
        brand: brands.get(channel.brandId) ?? { id: channel.brandId, name: "", timeZone: "UTC" },
      })),
      more: Math.max(0, channelCount - channels.length),
    },
    firstSteps: {
      brand: brandRows.length > 0,
      channel: brandRows.some((b) => b._count.channels > 0),
      story: storyCount !== null,
    },
  };
}

export type HomeOverview = Awaited<ReturnType<typeof getHomeOverview>>;
