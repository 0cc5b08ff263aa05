import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listCalendarStories } from "@/lib/calendar/list-calendar-stories";
import { moveStoryToDay } from "@/lib/calendar/move-story-to-day";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { createLogger } from "@/lib/logger";
import { createPublishQueues, type PublishQueues } from "@/lib/queue/publish-queues";
import { makeBrand, makeMediaAsset, makeSandboxChannels, makeWorkspace } from "@/prisma/factories";
import { expectAppError } from "@/test/assert/expect-app-error";
import { jpeg } from "@/test/media/media-fixtures";
import { listStories } from "./list-stories";
import { rescheduleStory } from "./reschedule-story";
import { saveDraft } from "./save-draft";
import { scheduleStory } from "./schedule-story";
import { updateStory } from "./update-story";

// The schedule window in every use case that sets a time, with the clock fixed: the horizon to
// the minute, a draft's past, the calendar's date, and the configured horizon. A refusal leaves
// the story exactly as it was.

const NOW = new Date("2026-12-05T12:00:00Z");
const DAY = 86_400_000;
const MINUTE = 60_000;
const LATEST = new Date(NOW.getTime() + 365 * DAY);

describe("times in the story use cases", () => {
  let queues: PublishQueues;
  const deps = (extra: { scheduleHorizonDays?: number } = {}) => ({
    db: db(),
    queues,
    logger: createLogger("test", "silent"),
    now: () => NOW,
    ...extra,
  });

  beforeAll(() => {
    queues = createPublishQueues(env().REDIS_URL, `test-${randomUUID()}`);
  });
  afterAll(async () => {
    await queues.dispatch.obliterate({ force: true }).catch(() => undefined);
    await queues.close();
  });

  async function setup(timeZone = "Europe/Berlin") {
    const { workspace, ctx } = await makeWorkspace(db());
    const brand = await makeBrand(db(), workspace.id, { timeZone });
    const channels = await makeSandboxChannels(db(), secretBoxFromEnv(env()), brand);
    const image = await makeMediaAsset(db(), workspace.id, {
      kind: "IMAGE",
      bytes: jpeg({ seed: 3 }),
      mimeType: "image/jpeg",
    });
    const content = { channelIds: channels.map((c) => c.id), frames: [image.id] };
    const stored = (id: string) => db().story.findUniqueOrThrow({ where: { id } });
    return { workspace, ctx, brand, content, stored };
  }

  it("schedules exactly at the horizon and refuses a minute past it, writing nothing", async () => {
    const { workspace, ctx, brand, content } = await setup();
    const at = await scheduleStory(deps(), ctx, {
      ...content,
      brandId: brand.id,
      when: { at: LATEST.toISOString() },
    });
    expect(at.scheduledAt).toEqual(LATEST);
    expect(at.freshnessDeadline).toEqual(new Date(LATEST.getTime() + 2 * 3_600_000));
    const before = await db().story.count({ where: { workspaceId: workspace.id } });
    const error = await expectAppError(
      scheduleStory(deps(), ctx, {
        ...content,
        brandId: brand.id,
        when: { at: new Date(LATEST.getTime() + MINUTE).toISOString() },
      }),
      "INVALID_INPUT",
    );
    expect(error.details.fields).toEqual({
      when: "Schedule within 365 days: at most Sun, 5 Dec 2027, 13:00 (Europe/Berlin).",
    });
    expect(await db().story.count({ where: { workspaceId: workspace.id } })).toBe(before);
  });

  it("follows the configured horizon", async () => {
    const { ctx, brand, content } = await setup();
    const when = { at: new Date(NOW.getTime() + 31 * DAY).toISOString() };
    const error = await expectAppError(
      scheduleStory(deps({ scheduleHorizonDays: 30 }), ctx, { ...content, brandId: brand.id, when }),
      "INVALID_INPUT",
    );
    expect(error.message).toBe("Schedule within 30 days: at most Mon, 4 Jan 2027, 13:00 (Europe/Berlin).");
    await scheduleStory(deps({ scheduleHorizonDays: 31 }), ctx, { ...content, brandId: brand.id, when });
  });

  it("refuses an edit or a move beyond the horizon and leaves the story as it was", async () => {
    const { ctx, brand, content, stored } = await setup();
    const story = await scheduleStory(deps(), ctx, {
      ...content,
      brandId: brand.id,
      when: { local: "2027-06-01T09:00" },
    });
    const before = await stored(story.id);
    for (const attempt of [
      () => updateStory(deps(), ctx, story.id, { ...content, when: { local: "9999-12-31T23:59" } }),
      () => rescheduleStory(deps(), ctx, story.id, { when: { at: "9999-12-31T23:59:00-14:00" } }),
      () => moveStoryToDay(deps(), ctx, { storyId: story.id, date: "9999-12-31" }),
      () => moveStoryToDay(deps(), ctx, { storyId: story.id, date: "2027-12-06" }),
    ]) {
      const error = await expectAppError(attempt(), "INVALID_INPUT");
      expect(error.details.fields?.when).toMatch(
        /^Schedule within 365 days: at most Sun, 5 Dec 2027, 13:00 \(Europe\/Berlin\)\.$/,
      );
    }
    expect(await stored(story.id)).toEqual(before);
    // The last day within the horizon still takes it (09:00 on 5 December is before 13:00).
    const moved = await moveStoryToDay(deps(), ctx, { storyId: story.id, date: "2027-12-05" });
    expect(moved.scheduledLocal).toBe("2027-12-05T09:00");
  });

  it("keeps a draft's past time within the horizon, refusing one beyond it either way without writing", async () => {
    const { workspace, ctx, brand, content } = await setup();
    const past = await saveDraft(deps(), ctx, { ...content, brandId: brand.id, local: "2026-01-10T09:00" });
    expect(past.scheduledLocal).toBe("2026-01-10T09:00");
    const count = () => db().story.count({ where: { workspaceId: workspace.id } });
    const before = await count();
    for (const [local, message] of [
      ["9999-12-31T23:59", "Schedule within 365 days: at most Sun, 5 Dec 2027, 13:00 (Europe/Berlin)."],
      [
        "2025-12-05T12:59",
        "Plan within 365 days of today: at the earliest Fri, 5 Dec 2025, 13:00 (Europe/Berlin).",
      ],
      [
        "0100-01-01T00:00",
        "Plan within 365 days of today: at the earliest Fri, 5 Dec 2025, 13:00 (Europe/Berlin).",
      ],
    ] as const) {
      const error = await expectAppError(
        saveDraft(deps(), ctx, { ...content, brandId: brand.id, local }),
        "INVALID_INPUT",
      );
      expect(error.details.fields).toEqual({ local: message });
      await expectAppError(saveDraft(deps(), ctx, { ...content, storyId: past.id, local }), "INVALID_INPUT");
    }
    expect(await count()).toBe(before);
    expect((await db().story.findUniqueOrThrow({ where: { id: past.id } })).scheduledLocal).toBe(
      "2026-01-10T09:00",
    );
  });

  it("refuses calendar pages and list ranges outside 2000–9000 instead of failing on them", async () => {
    const { ctx } = await setup();
    for (const date of ["9999-12-31", "9000-01-02", "1999-12-31", "0100-01-01"]) {
      for (const view of ["month", "week", "list"] as const) {
        const error = await expectAppError(listCalendarStories(db(), ctx, { view, date }), "INVALID_INPUT");
        expect(error.details.fields?.date).toMatch(
          /^Use a (time between 2000-01-01 and 9000-01-01|date like)/,
        );
      }
    }
    const page = await listCalendarStories(db(), ctx, { view: "month", date: "8999-12-31" });
    expect(page.days.length).toBeGreaterThan(27);
    for (const bad of [new Date("1999-12-31T23:59:59Z"), new Date(8.64e15), new Date(Number.NaN)]) {
      await expectAppError(listStories(db(), ctx, { scheduledFrom: bad }), "INVALID_INPUT");
      await expectAppError(listStories(db(), ctx, { scheduledBefore: bad }), "INVALID_INPUT");
    }
  });
});
