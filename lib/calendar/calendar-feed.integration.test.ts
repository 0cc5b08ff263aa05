import { randomUUID } from "node:crypto";
import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { createPublishQueues, type PublishQueues } from "@/lib/queue/publish-queues";
import { makeBrand, makeMember, makeScheduledStory, makeWorkspace } from "@/prisma/factories";
import { calendarFeedIcs } from "./calendar-feed-ics";
import {
  createOrRotateCalendarFeed,
  getCalendarFeedStatus,
  revokeCalendarFeed,
} from "./manage-calendar-feed";

// A brand's iCalendar feed against the real database; the feed is parsed with ical.js, as a
// calendar app would read it. Each test has its own workspace.

const BASE = "https://relay.example";
const feedOf = (token: string) => calendarFeedIcs({ db: db() }, { token, baseUrl: BASE });
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => error,
  );

describe("calendar feed", () => {
  let queues: PublishQueues;
  beforeAll(() => {
    queues = createPublishQueues(env().REDIS_URL, `test-${randomUUID()}`);
  });
  afterAll(async () => {
    await queues.dispatch.obliterate({ force: true }).catch(() => undefined);
    await queues.close();
  });

  it("serves one VEVENT per scheduled story of the brand, with its title, time, channels and link", async () => {
    const { workspace, ctx } = await makeWorkspace(db());
    const mine = await makeScheduledStory(db(), queues, ctx, { platforms: ["INSTAGRAM", "FACEBOOK"] });
    await db().story.update({ where: { id: mine.story.id }, data: { title: "Spring menu" } });
    // Another brand of the same workspace: not in this brand's feed.
    const other = await makeScheduledStory(db(), queues, ctx);
    // A draft of the brand: no time, not in the feed.
    await db().story.create({
      data: { workspaceId: workspace.id, brandId: mine.brand.id, title: "Draft", status: "DRAFT" },
    });

    const { token, path } = await createOrRotateCalendarFeed({ db: db() }, ctx, { brandId: mine.brand.id });
    expect(path).toBe(`/calendar/${token}.ics`);
    const ics = await feedOf(token);
    const calendar = new ICAL.Component(ICAL.parse(ics));
    const events = calendar.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event?.summary).toBe("Spring menu");
    expect(event?.uid).toBe(`${mine.story.id}@storyrelay`);
    // iCalendar times are to the second, in UTC.
    const at = mine.story.scheduledAt?.getTime() ?? 0;
    expect(event?.startDate.toJSDate().getTime()).toBe(Math.floor(at / 1000) * 1000);
    expect(event?.startDate.zone.tzid).toBe("UTC");
    const url = `${BASE}/w/${workspace.slug}/stories/${mine.story.id}`;
    expect(event?.component.getFirstPropertyValue("url")).toBe(url);
    for (const channel of mine.channels) expect(event?.description).toContain(channel.displayName);
    expect(ics).not.toContain(other.story.id);
    expect(await getCalendarFeedStatus({ db: db() }, ctx, { brandId: mine.brand.id })).not.toBeNull();
  });

  it("answers not found for an unknown, rotated or revoked token; every change is audited", async () => {
    const { workspace, ctx } = await makeWorkspace(db());
    const brand = await makeBrand(db(), workspace.id);
    expect(isAppError(await refusal(feedOf("no-such-token")), "NOT_FOUND")).toBe(true);

    const first = await createOrRotateCalendarFeed({ db: db() }, ctx, { brandId: brand.id });
    expect(first.rotated).toBe(false);
    expect(await feedOf(first.token)).toContain("BEGIN:VCALENDAR");
    const second = await createOrRotateCalendarFeed({ db: db() }, ctx, { brandId: brand.id });
    expect(second.rotated).toBe(true);
    expect(isAppError(await refusal(feedOf(first.token)), "NOT_FOUND")).toBe(true);
    expect(await feedOf(second.token)).toContain("BEGIN:VCALENDAR");

    expect(await revokeCalendarFeed({ db: db() }, ctx, { brandId: brand.id })).toEqual({ revoked: true });
    expect(isAppError(await refusal(feedOf(second.token)), "NOT_FOUND")).toBe(true);
    expect(await getCalendarFeedStatus({ db: db() }, ctx, { brandId: brand.id })).toBeNull();
    // Only the hash is stored.
    expect(await db().calendarFeed.count({ where: { tokenHash: second.token } })).toBe(0);
    const actions = await db().auditLog.findMany({
      where: { workspaceId: workspace.id, entityType: "CalendarFeed" },
      orderBy: { createdAt: "asc" },
      select: { action: true },
    });
    expect(actions.map((a) => a.action)).toEqual([
      "calendar_feed.create",
      "calendar_feed.rotate",
      "calendar_feed.revoke",
    ]);
  });

  it("is managed by editors and above of a brand they can see; another workspace's brand is not found", async () => {
    const { workspace } = await makeWorkspace(db());
    const brand = await makeBrand(db(), workspace.id);
    const viewer = await makeMember(db(), workspace, "VIEWER");
    expect(
      isAppError(
        await refusal(createOrRotateCalendarFeed({ db: db() }, viewer, { brandId: brand.id })),
        "FORBIDDEN",
      ),
    ).toBe(true);
    const editor = await makeMember(db(), workspace, "EDITOR");
    expect((await createOrRotateCalendarFeed({ db: db() }, editor, { brandId: brand.id })).token).toMatch(
      /^[\w-]{43}$/,
    );
    const limited = await makeMember(db(), workspace, "EDITOR", {
      brandIds: [(await makeBrand(db(), workspace.id)).id],
    });
    expect(
      isAppError(
        await refusal(revokeCalendarFeed({ db: db() }, limited, { brandId: brand.id })),
        "NOT_FOUND",
      ),
    ).toBe(true);
    const stranger = await makeWorkspace(db());
    expect(
      isAppError(
        await refusal(createOrRotateCalendarFeed({ db: db() }, stranger.ctx, { brandId: brand.id })),
        "NOT_FOUND",
      ),
    ).toBe(true);
  });
});
