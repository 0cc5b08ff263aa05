import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setApiDepsForTests } from "@/app/api/v1/_lib/api-deps";
import { PLATFORM_LIMITS } from "@/lib/core/platform-limits";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { createLogger } from "@/lib/logger";
import { createPublishQueues, type PublishQueues } from "@/lib/queue/publish-queues";
import {
  makeApiKey,
  makeBrand,
  makeMediaAsset,
  makeSandboxChannels,
  makeWorkspace,
} from "@/prisma/factories";
import { callApi } from "@/test/api/api-test-kit";
import { jpeg } from "@/test/media/media-fixtures";
import { rescheduleStory } from "./reschedule-story";
import { scheduleStory } from "./schedule-story";
import { updateStory } from "./update-story";

// Scheduling answers with the same quota warning the composer shows: the channel's platform limit
// (from the limits table) against what is already booked on it within one window of the time.

const quota = PLATFORM_LIMITS.INSTAGRAM.publishingQuota ?? { posts: 0, windowMs: 0 };
const HOUR = 3_600_000;

describe("scheduling warns when a channel's publishing quota would be exceeded", () => {
  let queues: PublishQueues;
  beforeAll(() => {
    // Nothing consumes this prefix: the stories stay scheduled.
    queues = createPublishQueues(env().REDIS_URL, `test-${randomUUID()}`);
    setApiDepsForTests({ queues });
  });
  afterAll(async () => {
    await queues.dispatch.obliterate({ force: true }).catch(() => undefined);
    await queues.close();
  });

  it("returns the warning from scheduleStory and the API, only where the window is full", async () => {
    const { workspace, ctx } = await makeWorkspace(db());
    const brand = await makeBrand(db(), workspace.id, { timeZone: "UTC" });
    const channels = await makeSandboxChannels(db(), secretBoxFromEnv(env()), brand);
    const instagram = channels.find((c) => c.platform === "INSTAGRAM");
    const facebook = channels.find((c) => c.platform === "FACEBOOK");
    if (!instagram || !facebook) throw new Error("sandbox channels missing");
    const images = await Promise.all(
      Array.from({ length: 10 }, (_, seed) =>
        makeMediaAsset(db(), workspace.id, { kind: "IMAGE", bytes: jpeg({ seed }), mimeType: "image/jpeg" }),
      ),
    );
    const deps = { db: db(), queues, logger: createLogger("test", "silent") };
    const base = Math.ceil(Date.now() / HOUR) * HOUR + 2 * 24 * HOUR;
    const at = (offsetMs: number) => ({ at: new Date(base + offsetMs).toISOString() });
    const schedule = (frames: number, when: { at: string }, channelIds = [instagram.id, facebook.id]) =>
      scheduleStory(deps, ctx, {
        brandId: brand.id,
        channelIds,
        frames: images.slice(0, frames).map((i) => i.id),
        when,
      });

    // One short of the limit booked on Instagram, an hour before the new story.
    let booked = 0;
    while (booked < quota.posts - 1) {
      const frames = Math.min(10, quota.posts - 1 - booked);
      const story = await schedule(frames, at(-HOUR), [instagram.id]);
      expect(story.warnings.filter((w) => w.includes("posts per"))).toEqual([]);
      booked += frames;
    }

    const over = await schedule(2, at(0));
    const quotaWarnings = over.warnings.filter((w) => w.includes("posts per"));
    expect(quotaWarnings).toEqual([
      `${instagram.displayName}: Instagram Stories allows ${quota.posts} posts per 24 h, and ${quota.posts - 1} are already published or scheduled within 24 h of this time; this story's 2 frames would go over it. It would wait for the limit and may expire instead: choose another time or leave this channel out.`,
    ]);
    expect(await db().story.findUnique({ where: { id: over.id } })).toMatchObject({ status: "SCHEDULED" });

    // The same through the API, and none once the bookings have left the window.
    const key = (await makeApiKey(db(), workspace.id, "OWNER")).key;
    const body = (when: { at: string }) => ({
      brandId: brand.id,
      channelIds: [instagram.id],
      frames: [images[0]?.id, images[1]?.id],
      when,
    });
    const viaApi = await callApi("POST", "/stories", { key, json: body(at(HOUR)) });
    expect(viaApi.status).toBe(201);
    // The previous story's two frames count too now.
    expect((viaApi.body as { warnings: string[] }).warnings).toEqual([
      expect.stringContaining(`and ${quota.posts + 1} are already published or scheduled`),
    ]);
    const clear = await callApi("POST", "/stories", { key, json: body(at(quota.windowMs + 2 * HOUR)) });
    expect(clear.status).toBe(201);
    expect((clear.body as { warnings: string[] }).warnings).toEqual([]);
  });

  it("returns the same warning when a story is moved or edited into a full window, not counting itself", async () => {
    const { workspace, ctx } = await makeWorkspace(db());
    const brand = await makeBrand(db(), workspace.id, { timeZone: "UTC" });
    const channels = await makeSandboxChannels(db(), secretBoxFromEnv(env()), brand);
    const instagram = channels.find((c) => c.platform === "INSTAGRAM");
    if (!instagram) throw new Error("sandbox channels missing");
    const images = await Promise.all(
      Array.from({ length: 10 }, (_, seed) =>
        makeMediaAsset(db(), workspace.id, { kind: "IMAGE", bytes: jpeg({ seed }), mimeType: "image/jpeg" }),
      ),
    );
    const deps = { db: db(), queues, logger: createLogger("test", "silent") };
    const base = Math.ceil(Date.now() / HOUR) * HOUR + 2 * 24 * HOUR;
    const at = (offsetMs: number) => ({ at: new Date(base + offsetMs).toISOString() });
    const content = (frames: number) => ({
      channelIds: [instagram.id],
      frames: images.slice(0, frames).map((i) => i.id),
    });
    let booked = 0;
    while (booked < quota.posts - 1) {
      const frames = Math.min(10, quota.posts - 1 - booked);
      await scheduleStory(deps, ctx, { brandId: brand.id, ...content(frames), when: at(-HOUR) });
      booked += frames;
    }
    const quotaWarnings = (warnings: string[]) => warnings.filter((w) => w.includes("posts per"));
    const full = [
      `${instagram.displayName}: Instagram Stories allows ${quota.posts} posts per 24 h, and ${quota.posts - 1} are already published or scheduled within 24 h of this time; this story's 2 frames would go over it. It would wait for the limit and may expire instead: choose another time or leave this channel out.`,
    ];

    // Scheduled where the window is clear: no warning.
    const far = at(10 * 24 * HOUR);
    const story = await scheduleStory(deps, ctx, { brandId: brand.id, ...content(2), when: far });
    expect(quotaWarnings(story.warnings)).toEqual([]);

    // Moved into the full window: the warning, and the move still happens.
    const moved = await rescheduleStory(deps, ctx, story.id, { when: at(0) });
    expect(quotaWarnings(moved.warnings)).toEqual(full);
    expect(moved.scheduledAt?.toISOString()).toBe(at(0).at);

    // Edited where it now is: its own two frames do not count against it.
    const edited = await updateStory(deps, ctx, story.id, { ...content(2), when: at(0) });
    expect(quotaWarnings(edited.warnings)).toEqual(full);

    // The API's reschedule answers with the warnings too.
    const key = (await makeApiKey(db(), workspace.id, "OWNER")).key;
    const away = await callApi("POST", `/stories/${story.id}/reschedule`, { key, json: { when: far } });
    expect(away.status).toBe(200);
    expect(quotaWarnings((away.body as { warnings: string[] }).warnings)).toEqual([]);
    const back = await callApi("POST", `/stories/${story.id}/reschedule`, { key, json: { when: at(0) } });
    expect(back.status).toBe(200);
    expect(quotaWarnings((back.body as { warnings: string[] }).warnings)).toEqual(full);
  });
});
