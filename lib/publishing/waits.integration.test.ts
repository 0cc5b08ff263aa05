import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setApiDepsForTests } from "@/app/api/v1/_lib/api-deps";
import { db } from "@/lib/db/client";
import { cancelStory } from "@/lib/stories/cancel-story";
import { getStory } from "@/lib/stories/get-story";
import { scheduleStory } from "@/lib/stories/schedule-story";
import { makeApiKey } from "@/prisma/factories";
import { callApi } from "@/test/api/api-test-kit";
import { eventually, type Pipeline, startPipeline } from "@/test/publishing/pipeline-test-kit";

// Every wait says what it waits for, until when and what to do, in getStory (the story page) and
// in the API; a wait that cannot end before the story's latest start expires the channel at once.

const QUOTA = 3;
const QUOTA_WINDOW_MS = 3_600_000;

describe("waiting states that explain themselves", () => {
  let p: Pipeline;
  let key: string;
  beforeAll(async () => {
    // A one-hour quota window, so a quota wait can end before a story's two-hour deadline.
    p = await startPipeline({ instagram: { quotaTotal: QUOTA, quotaDurationMs: QUOTA_WINDOW_MS } });
    setApiDepsForTests({ queues: p.deps.queues });
    key = (await makeApiKey(db(), p.workspace.id, "OWNER")).key;
  }, 60_000);
  afterAll(() => p.close());

  const schedule = async (frames: number, channelId: string, freshnessMinutes?: number) => {
    const images = [];
    for (let i = 0; i < frames; i++) images.push((await p.image()).id);
    return scheduleStory(p.deps, p.ctx, {
      brandId: p.brand.id,
      title: "Spring menu",
      channelIds: [channelId],
      frames: images,
      when: { now: true },
      freshnessMinutes,
    });
  };
  const read = (storyId: string) => getStory(db(), p.ctx, storyId);
  const api = async (storyId: string) => {
    const response = await callApi("GET", `/stories/${storyId}`, { key });
    expect(response.status).toBe(200);
    return response.body as {
      status: string;
      wait: { reason: string; until: string | null; channel: string; advice: string } | null;
      targets: {
        state: string;
        wait: { reason: string; until: string | null; detail: string | null; pastDeadline: boolean } | null;
      }[];
    };
  };

  it("a target held by Instagram's quota says so, until when, and that nothing needs doing", async () => {
    const instagram = p.channel("INSTAGRAM");
    const first = await schedule(1, instagram.id);
    const published = await eventually(
      () => read(first.id),
      (s) => s.status === "PUBLISHED",
    );
    const firstAt = published.targets[0]?.publishedAt?.getTime() ?? 0;

    // One of three used: three more frames do not fit until the first leaves the one-hour window.
    const second = await schedule(QUOTA, instagram.id);
    const held = await eventually(
      () => read(second.id),
      (s) => s.targets[0]?.wait !== null,
    );
    const target = held.targets[0];
    expect(target?.state).toBe("PENDING");
    expect(target?.waitReason).toBe("QUOTA");
    expect(target?.wait).toMatchObject({ reason: "QUOTA", pastDeadline: false });
    expect(target?.wait?.detail).toMatch(/allows 3 posts per 1 h; 1 used/);
    expect(target?.wait?.advice).toMatch(/as soon as the limit frees/);
    // Until the first publish leaves the window, not a day.
    expect(target?.wait?.until?.getTime()).toBeGreaterThan(firstAt + QUOTA_WINDOW_MS - 1);
    expect(target?.wait?.until?.getTime()).toBeLessThan(firstAt + QUOTA_WINDOW_MS + 60_000);
    // The story is PUBLISHING in the state machine's terms, but what it does is wait.
    expect(held.status).toBe("PUBLISHING");
    expect(held.wait).toMatchObject({ reason: "QUOTA", channel: instagram.displayName });

    const body = await api(second.id);
    expect(body.targets[0]?.wait).toMatchObject({ reason: "QUOTA", pastDeadline: false });
    expect(body.targets[0]?.wait?.until).toBe(target?.wait?.until?.toISOString());
    expect(body.wait).toMatchObject({ reason: "QUOTA", channel: instagram.displayName });
    await cancelStory(p.deps, p.ctx, second.id);
  });

  it("a quota wait that ends after the story's latest start expires the channel at once and tells the author", async () => {
    const instagram = p.channel("INSTAGRAM");
    // The quota is still used by the first test's publish for about an hour; this story may start
    // at most 30 minutes late.
    const story = await schedule(QUOTA, instagram.id, 30);
    const ended = await eventually(
      () => read(story.id),
      (s) => s.status === "EXPIRED",
    );
    const target = ended.targets[0];
    expect(target?.state).toBe("EXPIRED");
    expect(target?.lastErrorClass).toBe("RATE_LIMITED");
    expect(target?.lastErrorMessage).toMatch(
      /would wait for the platform's publishing limit until .+, after the story's latest start/,
    );
    expect(target?.waitReason).toBe("QUOTA");
    // Said at once, not when the deadline passes.
    expect(ended.freshnessDeadline?.getTime()).toBeGreaterThan(Date.now() + 25 * 60_000);
    // The notice is written just after the target's final state, so the story can read EXPIRED a
    // moment before it exists.
    const notice = await eventually(
      () =>
        db().notification.findFirst({
          where: { workspaceId: p.workspace.id, kind: "story.expired", link: { endsWith: story.id } },
        }),
      (found) => found !== null,
    );
    expect(notice?.title).toMatch(/cannot go out before its latest start/);
    expect(notice?.body).toMatch(/Publish it again later or leave/);
    const body = await api(story.id);
    expect(body.status).toBe("EXPIRED");
    expect(body.wait).toBeNull();
  });

  it("a story whose only channel needs reconnecting says it waits for the reconnect, not that it is publishing", async () => {
    const whatsapp = p.channel("WHATSAPP");
    await p.fault({
      platform: "whatsapp",
      accountId: whatsapp.externalAccountId,
      kind: "session_state",
      state: "SCAN_QR_CODE",
    });
    try {
      // The first finds the session gone; the second finds the channel already flagged.
      for (const story of [await schedule(1, whatsapp.id), await schedule(1, whatsapp.id)]) {
        const held = await eventually(
          () => read(story.id),
          (s) => s.targets[0]?.state === "NEEDS_REAUTH",
        );
        expect(held.status).toBe("PUBLISHING");
        expect(held.targets[0]?.waitReason).toBe("CHANNEL_NEEDS_REAUTH");
        expect(held.targets[0]?.wait).toMatchObject({ reason: "CHANNEL_NEEDS_REAUTH", until: null });
        expect(held.wait?.advice).toContain(`Reconnect ${whatsapp.displayName}`);
        expect(held.wait?.advice).toMatch(/before its latest start, it expires/);

        const body = await api(story.id);
        expect(body.status).toBe("PUBLISHING");
        expect(body.wait).toMatchObject({ reason: "CHANNEL_NEEDS_REAUTH", until: null });
        expect(body.targets[0]?.wait).toMatchObject({ reason: "CHANNEL_NEEDS_REAUTH", pastDeadline: false });
        await cancelStory(p.deps, p.ctx, story.id);
      }
    } finally {
      await p.fault({
        platform: "whatsapp",
        accountId: whatsapp.externalAccountId,
        kind: "session_state",
        state: "WORKING",
      });
    }
  });
});
