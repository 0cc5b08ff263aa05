import ical from "ical-generator";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { hashFeedToken } from "./manage-calendar-feed";

/** What the feed shows: stories with a time that are going out or went out. */
const FEED_STATUSES = ["IN_REVIEW", "APPROVED", "SCHEDULED", "PUBLISHING", "PUBLISHED", "PARTIAL"] as const;
/** A window, so a brand with years of history answers a bounded file. */
const PAST_DAYS = 90;
const AHEAD_DAYS = 400;
const MAX_EVENTS = 2_000;
/** A story is an instant; calendar apps show a short block. */
const EVENT_MINUTES = 15;

/**
 * A brand's iCalendar feed by its secret token (no session: calendar apps cannot sign in): one
 * VEVENT per story going out or gone out within the window, with its title, time, channels,
 * status and a link to the story. An unknown or revoked token is NOT_FOUND, like any other miss.
 */
export async function calendarFeedIcs(
  deps: { db: Db; now?: () => Date },
  input: { token: string; baseUrl: string },
): Promise<string> {
  const token = input.token.slice(0, 200);
  const feed = await deps.db.calendarFeed.findUnique({
    where: { tokenHash: hashFeedToken(token) },
    select: {
      workspaceId: true,
      brand: { select: { id: true, name: true } },
      workspace: { select: { slug: true } },
    },
  });
  if (!feed) throw new AppError("NOT_FOUND", "This calendar feed does not exist or was revoked.");
  const now = (deps.now?.() ?? new Date()).getTime();
  const stories = await deps.db.story.findMany({
    where: {
      workspaceId: feed.workspaceId,
      brandId: feed.brand.id,
      status: { in: [...FEED_STATUSES] },
      scheduledAt: {
        gte: new Date(now - PAST_DAYS * 86_400_000),
        lte: new Date(now + AHEAD_DAYS * 86_400_000),
      },
    },
    orderBy: { scheduledAt: "asc" },
    take: MAX_EVENTS,
    select: {
      id: true,
      title: true,
      status: true,
      scheduledAt: true,
      publishedAt: true,
      updatedAt: true,
      targets: { select: { channel: { select: { displayName: true } } } },
    },
  });
  // Times in UTC: every calendar app reads them right, and shows them in its own zone.
  const calendar = ical({ name: `${feed.brand.name} · StoryRelay` });
  for (const story of stories) {
    if (!story.scheduledAt) continue;
    const channels = story.targets.map((t) => t.channel.displayName).join(", ");
    const url = `${input.baseUrl}/w/${feed.workspace.slug}/stories/${story.id}`;
    calendar.createEvent({
      id: `${story.id}@storyrelay`,
      start: story.scheduledAt,
      end: new Date(story.scheduledAt.getTime() + EVENT_MINUTES * 60_000),
      stamp: story.updatedAt,
      summary: story.title || "Untitled story",
      description: `${channels || "No channel"} · ${story.status.toLowerCase().replace("_", " ")}\n${url}`,
      url,
    });
  }
  return calendar.toString();
}
