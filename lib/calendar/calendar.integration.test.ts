import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import type { Platform } from "@/lib/db/generated/enums";
import { env } from "@/lib/env";
import { createLogger } from "@/lib/logger";
import { createPublishQueues, type PublishQueues } from "@/lib/queue/publish-queues";
import { dispatchJobId } from "@/lib/queue/queues";
import { scheduleStory } from "@/lib/stories/schedule-story";
import type { WorkspaceContext } from "@/lib/workspaces/context";
import {
  makeBrand,
  makeMediaAsset,
  makeMember,
  makeSandboxChannels,
  makeWorkspace,
} from "@/prisma/factories";
import { expectAppError } from "@/test/assert/expect-app-error";
import { jpeg } from "@/test/media/media-fixtures";
import { type CalendarPage, listCalendarStories } from "./list-calendar-stories";
import { moveStoryToDay } from "./move-story-to-day";

// The calendar's data and its drag, against the real database and a BullMQ queue nobody
// consumes. The clock is set to 1 February 2026 so March 2026 (New York springs forward on the
// 8th, Berlin on the 29th) is in the future; each test has its own workspace.

const NOW = new Date("2026-02-01T12:00:00Z");

describe("the calendar", () => {
  let queues: PublishQueues;
  const deps = () => ({ db: db(), queues, logger: createLogger("test", "silent"), now: () => NOW });

  beforeAll(() => {
    queues = createPublishQueues(env().REDIS_URL, `test-${randomUUID()}`);
  });
  afterAll(async () => {
    await queues.dispatch.obliterate({ force: true }).catch(() => undefined);
    await queues.close();
  });

  async function brandWithChannels(workspaceId: string, timeZone: string, platforms?: Platform[]) {
    const brand = await makeBrand(db(), workspaceId, { timeZone });
    const channels = await makeSandboxChannels(db(), secretBoxFromEnv(env()), brand, platforms);
    return { ...brand, channelIds: channels.map((c) => c.id) };
  }

  async function schedule(
    ctx: WorkspaceContext,
    brand: { id: string; workspaceId: string; channelIds: string[] },
    local: string,
    title = local,
  ) {
    const frame = await makeMediaAsset(db(), brand.workspaceId, {
      kind: "IMAGE",
      bytes: jpeg({ seed: 1 }),
      mimeType: "image/jpeg",
    });
    return scheduleStory(deps(), ctx, {
      brandId: brand.id,
      title,
      channelIds: brand.channelIds,
      frames: [frame.id],
      when: { local },
    });
  }

  const titlesByDay = (page: CalendarPage) =>
    Object.fromEntries(
      page.days.filter((d) => d.stories.length > 0).map((d) => [d.date, d.stories.map((s) => s.title)]),
    );

  describe("listCalendarStories", () => {
    it("places each story on its own brand's local day, at the edges of the range", async () => {
      const { workspace, ctx } = await makeWorkspace(db());
      const newYork = await brandWithChannels(workspace.id, "America/New_York");
      const berlin = await brandWithChannels(workspace.id, "Europe/Berlin");
      // 23:30 on Sunday 1 March in New York is already Monday in UTC; 00:30 on Monday 2 March in
      // Berlin is still Sunday in UTC. Both belong to their own zone's day.
      await schedule(ctx, newYork, "2026-03-01T23:30", "NY Sunday late");
      await schedule(ctx, newYork, "2026-03-02T00:15", "NY Monday early");
      await schedule(ctx, berlin, "2026-03-02T00:30", "Berlin Monday early");
      await schedule(ctx, berlin, "2026-03-08T23:59", "Berlin Sunday late");
      await schedule(ctx, berlin, "2026-03-09T00:00", "Berlin next Monday");

      const week = await listCalendarStories(db(), ctx, { view: "week", date: "2026-03-04" });
      expect(week.days.map((d) => d.date)).toEqual([
        "2026-03-02",
        "2026-03-03",
        "2026-03-04",
        "2026-03-05",
        "2026-03-06",
        "2026-03-07",
        "2026-03-08",
      ]);
      expect(titlesByDay(week)).toEqual({
        "2026-03-02": ["Berlin Monday early", "NY Monday early"],
        "2026-03-08": ["Berlin Sunday late"],
      });
      const early = week.days[0]?.stories.find((s) => s.title === "NY Monday early");
      expect(early).toMatchObject({ local: "2026-03-02T00:15", timeZone: "America/New_York", movable: true });
      expect(early?.targets.map((t) => t.platform)).toEqual(["INSTAGRAM", "FACEBOOK", "WHATSAPP"]);
      // A cell shows the first frame's picture (the READY image itself when it has no thumbnail yet).
      expect(early?.cover).toMatchObject({ thumbnailKey: expect.stringMatching(/\.jpg$/), text: null });

      // One brand: its stories only, in its zone.
      const onlyNewYork = await listCalendarStories(db(), ctx, {
        view: "week",
        date: "2026-02-26",
        brandId: newYork.id,
      });
      expect(onlyNewYork.brand?.timeZone).toBe("America/New_York");
      expect(titlesByDay(onlyNewYork)).toEqual({ "2026-03-01": ["NY Sunday late"] });

      const month = await listCalendarStories(db(), ctx, { view: "month", date: "2026-03-20" });
      expect(Object.keys(titlesByDay(month))).toEqual([
        "2026-03-01",
        "2026-03-02",
        "2026-03-08",
        "2026-03-09",
      ]);
    });

    it("filters by platform and status in the query, and caps a busy day", async () => {
      const { workspace, ctx } = await makeWorkspace(db());
      const everywhere = await brandWithChannels(workspace.id, "Europe/Berlin");
      const whatsappOnly = await brandWithChannels(workspace.id, "Europe/Berlin", ["WHATSAPP"]);
      for (const hour of ["09", "10", "11", "12", "13"]) {
        await schedule(ctx, everywhere, `2026-03-10T${hour}:00`, `Busy ${hour}`);
      }
      const whatsappStory = await schedule(ctx, whatsappOnly, "2026-03-11T09:00", "WhatsApp only");
      await db().story.update({ where: { id: whatsappStory.id }, data: { status: "IN_REVIEW" } });

      const month = await listCalendarStories(db(), ctx, { view: "month", date: "2026-03-01" });
      const busy = month.days.find((d) => d.date === "2026-03-10");
      expect(busy?.stories.map((s) => s.title)).toEqual(["Busy 09", "Busy 10", "Busy 11"]);
      expect(busy?.more).toBe(2);
      const week = await listCalendarStories(db(), ctx, { view: "week", date: "2026-03-10" });
      expect(week.days.find((d) => d.date === "2026-03-10")?.stories).toHaveLength(5);

      const instagram = await listCalendarStories(db(), ctx, {
        view: "week",
        date: "2026-03-10",
        platform: "INSTAGRAM",
      });
      expect(Object.values(titlesByDay(instagram)).flat()).not.toContain("WhatsApp only");
      const whatsapp = await listCalendarStories(db(), ctx, {
        view: "week",
        date: "2026-03-10",
        platform: "WHATSAPP",
      });
      expect(Object.values(titlesByDay(whatsapp)).flat()).toContain("WhatsApp only");
      const inReview = await listCalendarStories(db(), ctx, {
        view: "list",
        date: "2026-03-10",
        status: "IN_REVIEW",
      });
      expect(titlesByDay(inReview)).toEqual({ "2026-03-11": ["WhatsApp only"] });
    });

    it("shows a limited member only their brands, and another workspace nothing", async () => {
      const { workspace, ctx } = await makeWorkspace(db());
      const mine = await brandWithChannels(workspace.id, "Europe/Berlin");
      const theirs = await brandWithChannels(workspace.id, "Europe/Berlin");
      await schedule(ctx, mine, "2026-03-10T09:00", "Client's story");
      await schedule(ctx, theirs, "2026-03-10T10:00", "Other client's story");

      const client = await makeMember(db(), workspace, "VIEWER", { brandIds: [mine.id] });
      const seen = await listCalendarStories(db(), client, { view: "week", date: "2026-03-10" });
      expect(Object.values(titlesByDay(seen)).flat()).toEqual(["Client's story"]);
      expect(seen.brands.map((b) => b.id)).toEqual([mine.id]);
      await expectAppError(
        listCalendarStories(db(), client, { view: "week", date: "2026-03-10", brandId: theirs.id }),
        "NOT_FOUND",
      );

      const stranger = await makeWorkspace(db());
      const strangers = await listCalendarStories(db(), stranger.ctx, { view: "week", date: "2026-03-10" });
      expect(strangers.days.every((d) => d.stories.length === 0 && d.more === 0)).toBe(true);
      await expectAppError(
        listCalendarStories(db(), stranger.ctx, { view: "week", date: "2026-03-10", brandId: mine.id }),
        "NOT_FOUND",
      );
    });

    it("shows today's page in the brand's zone when no date is given", async () => {
      const { workspace, ctx } = await makeWorkspace(db());
      const kiritimati = await brandWithChannels(workspace.id, "Pacific/Kiritimati");
      // 11:00 UTC on 31 December is already 1 January 01:00 at UTC+14.
      const now = new Date("2026-12-31T11:00:00Z");
      const all = await listCalendarStories(db(), ctx, { view: "week" }, now);
      expect(all.date).toBe("2026-12-31");
      const one = await listCalendarStories(db(), ctx, { view: "week", brandId: kiritimati.id }, now);
      expect(one.date).toBe("2027-01-01");
    });

    it("refuses a date that does not exist, with the field named", async () => {
      const { ctx } = await makeWorkspace(db());
      const error = await expectAppError(
        listCalendarStories(db(), ctx, { view: "month", date: "2026-02-30" }),
        "INVALID_INPUT",
      );
      expect(error.details.fields?.date).toBe("Use a date like 2026-03-08.");
    });
  });

  describe("moveStoryToDay", () => {
    async function dispatchJobExists(story: { id: string; workspaceId: string; version: number }) {
      const job = await queues.dispatch.getJob(
        dispatchJobId({ storyId: story.id, workspaceId: story.workspaceId, version: story.version }),
      );
      return job !== undefined;
    }

    it("keeps the wall-clock time across a daylight-saving change and re-queues the dispatch", async () => {
      const { workspace, ctx } = await makeWorkspace(db());
      const newYork = await brandWithChannels(workspace.id, "America/New_York");
      const story = await schedule(ctx, newYork, "2026-03-05T09:00");
      expect(story.scheduledAt?.toISOString()).toBe("2026-03-05T14:00:00.000Z");

      const moved = await moveStoryToDay(deps(), ctx, { storyId: story.id, date: "2026-03-10" });
      // 09:00 EDT is 13:00 UTC: the instant moved by 5 days minus the hour clocks sprang forward.
      expect(moved.scheduledAt?.toISOString()).toBe("2026-03-10T13:00:00.000Z");
      expect(moved.scheduledLocal).toBe("2026-03-10T09:00");
      expect(moved.timeZone).toBe("America/New_York");
      expect(moved.version).toBe(story.version + 1);
      expect(await dispatchJobExists(moved)).toBe(true);
      const audit = await db().auditLog.findFirst({
        where: { workspaceId: workspace.id, entityId: story.id, action: "story.reschedule" },
      });
      expect(audit?.data).toEqual({ from: "2026-03-05T14:00:00.000Z", to: "2026-03-10T13:00:00.000Z" });
    });

    it("moves a time the new day skips forward by the gap, and takes the earlier of a repeated time", async () => {
      const { workspace, ctx } = await makeWorkspace(db());
      const newYork = await brandWithChannels(workspace.id, "America/New_York");
      const skipped = await schedule(ctx, newYork, "2026-03-05T02:30");
      const intoGap = await moveStoryToDay(deps(), ctx, { storyId: skipped.id, date: "2026-03-08" });
      // 02:30 does not exist on 8 March in New York (02:00 → 03:00): it becomes 03:30 EDT.
      expect(intoGap.scheduledLocal).toBe("2026-03-08T03:30");
      expect(intoGap.scheduledAt?.toISOString()).toBe("2026-03-08T07:30:00.000Z");

      const repeated = await schedule(ctx, newYork, "2026-10-29T01:30");
      const intoOverlap = await moveStoryToDay(deps(), ctx, { storyId: repeated.id, date: "2026-11-01" });
      // 01:30 happens twice on 1 November (02:00 EDT → 01:00 EST): the first one, still EDT.
      expect(intoOverlap.scheduledLocal).toBe("2026-11-01T01:30");
      expect(intoOverlap.scheduledAt?.toISOString()).toBe("2026-11-01T05:30:00.000Z");
    });

    it("refuses viewers, past days, stories that started and other workspaces, changing nothing", async () => {
      const { workspace, ctx } = await makeWorkspace(db());
      const berlin = await brandWithChannels(workspace.id, "Europe/Berlin");
      const other = await brandWithChannels(workspace.id, "Europe/Berlin");
      const story = await schedule(ctx, berlin, "2026-03-10T09:00");
      const unchanged = async () => {
        const row = await db().story.findUniqueOrThrow({ where: { id: story.id } });
        expect(row.scheduledAt?.toISOString()).toBe("2026-03-10T08:00:00.000Z");
        expect(row.version).toBe(story.version);
      };

      const viewer = await makeMember(db(), workspace, "VIEWER");
      const forbidden = await expectAppError(
        moveStoryToDay(deps(), viewer, { storyId: story.id, date: "2026-03-12" }),
        "FORBIDDEN",
      );
      expect(forbidden.message).toBe("Your role (viewer) cannot reschedule stories.");
      const past = await expectAppError(
        moveStoryToDay(deps(), ctx, { storyId: story.id, date: "2026-01-31" }),
        "INVALID_INPUT",
      );
      expect(past.message).toContain("That time has passed: Sat 31 Jan, 09:00 (Europe/Berlin)");
      await expectAppError(
        moveStoryToDay(deps(), ctx, { storyId: story.id, date: "March 12" }),
        "INVALID_INPUT",
      );

      const limitedEditor = await makeMember(db(), workspace, "EDITOR", { brandIds: [other.id] });
      await expectAppError(
        moveStoryToDay(deps(), limitedEditor, { storyId: story.id, date: "2026-03-12" }),
        "NOT_FOUND",
      );
      const stranger = await makeWorkspace(db());
      await expectAppError(
        moveStoryToDay(deps(), stranger.ctx, { storyId: story.id, date: "2026-03-12" }),
        "NOT_FOUND",
      );
      await unchanged();

      await db().story.update({ where: { id: story.id }, data: { status: "PUBLISHED" } });
      const started = await expectAppError(
        moveStoryToDay(deps(), ctx, { storyId: story.id, date: "2026-03-12" }),
        "CONFLICT",
      );
      expect(started.message).toBe("This story is published and can no longer be moved.");
      await unchanged();
    });
  });
});
