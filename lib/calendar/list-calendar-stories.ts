import { z } from "zod";
import { dateInZone, isPlainDate } from "@/lib/core/plain-date";
import { isQueryableInstant, QUERY_RANGE_MESSAGE } from "@/lib/core/time-bounds";
import { formatWallClock, wallClockAt } from "@/lib/core/wall-clock";
import type { Db } from "@/lib/db/client";
import { Platform, StoryStatus, type TargetState } from "@/lib/db/generated/enums";
import { AppError } from "@/lib/errors";
import { thumbnailKeyOf, thumbnailSelect } from "@/lib/media/thumbnail-key";
import { frameLabel } from "@/lib/stories/frame-label";
import { parseInput } from "@/lib/validation";
import { assertCan, visibleBrandFilter, type WorkspaceContext } from "@/lib/workspaces/context";
import { CALENDAR_VIEWS, dayLocator, instantBounds, visibleDays } from "./calendar-range";

/** Same list as rescheduleStory's: a story can be moved until it starts publishing. */
export const MOVABLE_STATUSES: readonly StoryStatus[] = ["DRAFT", "IN_REVIEW", "APPROVED", "SCHEDULED"];

/**
 * Stories shown per day before "N more": a month cell has room for a few, a week column for more,
 * the list for (nearly) all. Keeps the page's size bounded however busy a workspace gets.
 */
export const STORIES_PER_DAY = { month: 3, week: 12, list: 200 } as const;

export const listCalendarSchema = z.object({
  view: z.enum(CALENDAR_VIEWS).default("month"),
  /** Any day of the page to show; today in the grid's zone (the brand's, else UTC) when left out. */
  date: z
    .string()
    .refine(isPlainDate, { message: "Use a date like 2026-03-08." })
    .refine((date) => isQueryableInstant(new Date(`${date}T00:00:00Z`)), QUERY_RANGE_MESSAGE)
    .optional(),
  brandId: z.string().trim().min(1).max(100).optional(),
  platform: z.enum(Platform).optional(),
  status: z.enum(StoryStatus).optional(),
});

export type CalendarStory = {
  id: string;
  title: string;
  status: StoryStatus;
  scheduledAt: Date;
  /** Wall clock "yyyy-MM-ddTHH:mm" in `timeZone`, the zone the story is shown in. */
  local: string;
  timeZone: string;
  brandId: string;
  brandName: string;
  targets: { platform: Platform; state: TargetState }[];
  movable: boolean;
  /** Still in review when its time came: not published, its reviewers told (lib/publishing/mark-reviews-overdue.ts). */
  reviewOverdue: boolean;
  /** The first frame, to show small: its thumbnail's storage key, or a text status's text. */
  cover: {
    thumbnailKey: string | null;
    label: string;
    text: string | null;
    backgroundColor: string | null;
  } | null;
};

export type CalendarDay = { date: string; stories: CalendarStory[]; more: number };

/**
 * The stories of a calendar page: the visible days of `view` around `date`, one brand (the grid
 * then follows that brand's zone) or every brand the caller may see (each story on its own zone's
 * day). Filters by channel platform and story status run in SQL. Two bounded queries: the light
 * rows of the whole range (to place and count them), then the details of the ones shown.
 */
export async function listCalendarStories(
  db: Db,
  ctx: WorkspaceContext,
  input: z.input<typeof listCalendarSchema>,
  now: Date = new Date(),
) {
  assertCan(ctx, "stories:view", "see the calendar");
  const { view, brandId, platform, status, ...given } = parseInput(listCalendarSchema, input);
  const brands = await db.brand.findMany({
    where: visibleBrandFilter(ctx),
    orderBy: { name: "asc" },
    select: { id: true, name: true, timeZone: true, channels: { select: { id: true, platform: true } } },
  });
  // `brands` holds only what the caller may see, so another workspace's brand is not found either.
  const brand = brandId === undefined ? null : brands.find((b) => b.id === brandId);
  if (brand === undefined) throw new AppError("NOT_FOUND", "This brand does not exist or you cannot see it.");
  const date = given.date ?? dateInZone(now, brand?.timeZone ?? "UTC");

  const days = visibleDays(view, date);
  const { from, to } = instantBounds(days);
  // Served by Story(workspaceId, scheduledAt) (or (workspaceId, brandId, scheduledAt)): 4 ms for
  // the 2,600 stories of a busy month (bench/calendar.ts). The platform filter is a semi-join on
  // StoryTarget by (workspaceId, channelId) or (storyId, channelId).
  const rows = await db.story.findMany({
    where: {
      workspaceId: ctx.workspaceId,
      brandId: brand ? brand.id : { in: brands.map((b) => b.id) },
      scheduledAt: { gte: from, lt: to },
      ...(status ? { status } : {}),
      // By channel id within the workspace, so the probe stays inside this tenant's targets.
      ...(platform
        ? {
            targets: {
              some: { workspaceId: ctx.workspaceId, channelId: { in: channelIdsOf(brands, platform) } },
            },
          }
        : {}),
    },
    orderBy: [{ scheduledAt: "asc" }, { id: "asc" }],
    select: { id: true, brandId: true, scheduledAt: true, timeZone: true },
  });

  const zoneOfBrand = new Map(brands.map((b) => [b.id, b.timeZone]));
  const zoneOf = (row: (typeof rows)[number]) =>
    brand?.timeZone ?? row.timeZone ?? zoneOfBrand.get(row.brandId) ?? "UTC";
  const placed = new Map(days.map((day) => [day, { shown: [] as string[], more: 0 }]));
  const dayOf = dayLocator(days);
  for (const row of rows) {
    if (!row.scheduledAt) continue;
    const day = dayOf(row.scheduledAt, zoneOf(row));
    const cell = day === null ? undefined : placed.get(day);
    if (!cell) continue;
    if (cell.shown.length < STORIES_PER_DAY[view]) cell.shown.push(row.id);
    else cell.more += 1;
  }

  const details = await storyDetails(
    db,
    ctx,
    [...placed.values()].flatMap((cell) => cell.shown),
  );
  const nameOfBrand = new Map(brands.map((b) => [b.id, b.name]));
  const toCalendarStory = (id: string): CalendarStory[] => {
    const story = details.get(id);
    if (!story?.scheduledAt) return [];
    const timeZone = brand?.timeZone ?? story.timeZone ?? zoneOfBrand.get(story.brandId) ?? "UTC";
    const first = story.frames[0];
    return [
      {
        id: story.id,
        title: story.title || (first && frameLabel(first)) || "Untitled story",
        status: story.status,
        scheduledAt: story.scheduledAt,
        local: formatWallClock(wallClockAt(story.scheduledAt, timeZone)),
        timeZone,
        brandId: story.brandId,
        brandName: nameOfBrand.get(story.brandId) ?? "",
        targets: story.targets.map((t) => ({ platform: t.channel.platform, state: t.state })),
        movable: MOVABLE_STATUSES.includes(story.status),
        reviewOverdue: story.reviewOverdueAt !== null,
        cover: first
          ? {
              thumbnailKey: first.mediaAsset ? thumbnailKeyOf(first.mediaAsset) : null,
              label: frameLabel(first),
              text: first.text,
              backgroundColor: first.backgroundColor,
            }
          : null,
      },
    ];
  };
  const calendarDays: CalendarDay[] = days.map((day) => {
    const cell = placed.get(day) ?? { shown: [], more: 0 };
    return { date: day, stories: cell.shown.flatMap(toCalendarStory), more: cell.more };
  });
  return { view, date, brand, brands, days: calendarDays };
}

function channelIdsOf(brands: { channels: { id: string; platform: Platform }[] }[], platform: Platform) {
  return brands.flatMap((b) => b.channels.filter((c) => c.platform === platform).map((c) => c.id));
}

async function storyDetails(db: Db, ctx: WorkspaceContext, ids: string[]) {
  const stories = await db.story.findMany({
    where: { workspaceId: ctx.workspaceId, id: { in: ids } },
    select: {
      id: true,
      title: true,
      status: true,
      brandId: true,
      scheduledAt: true,
      timeZone: true,
      reviewOverdueAt: true,
      frames: {
        orderBy: { position: "asc" },
        take: 1,
        select: {
          text: true,
          backgroundColor: true,
          mediaAsset: { select: { originalName: true, ...thumbnailSelect } },
        },
      },
      targets: {
        orderBy: { channel: { platform: "asc" } },
        select: { state: true, channel: { select: { platform: true } } },
      },
    },
  });
  return new Map(stories.map((story) => [story.id, story]));
}

export type CalendarPage = Awaited<ReturnType<typeof listCalendarStories>>;
