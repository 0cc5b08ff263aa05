import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { scheduleStory } from "@/lib/stories/schedule-story";
import { eventually, type Pipeline, startPipeline } from "@/test/publishing/pipeline-test-kit";

// What the story page reads about a channel after the pipeline ran: the attempt log's numbers,
// the current error, the platform's permalink. Each was once wrong while publishing went fine.
describe("a target's record after publishing", () => {
  let p: Pipeline;
  beforeAll(async () => {
    p = await startPipeline();
  }, 60_000);
  afterAll(() => p.close());

  const published = (storyId: string) =>
    eventually(
      () =>
        db().story.findUniqueOrThrow({
          where: { id: storyId },
          include: {
            targets: { include: { channel: true, attempts: { orderBy: { startedAt: "asc" } } } },
          },
        }),
      (s) => ["PUBLISHED", "PARTIAL", "FAILED", "EXPIRED"].includes(s.status),
      40_000,
    );

  it("numbers every attempt of a target 1, 2, 3… in its log, waits and retries included", async () => {
    const clip = await p.video();
    const instagram = p.channel("INSTAGRAM");
    await p.fault({
      platform: "instagram",
      accountId: instagram.externalAccountId,
      operation: "create_container",
      kind: "http_status",
      status: 502,
      count: 1,
    });
    const story = await scheduleStory(p.deps, p.ctx, {
      brandId: p.brand.id,
      channelIds: [instagram.id],
      frames: [clip.id],
      when: { now: true },
    });
    const done = await published(story.id);
    expect(done.status).toBe("PUBLISHED");
    const attempts = done.targets[0]?.attempts ?? [];
    // A failed try and at least one wait for the video's processing before the publish.
    expect(attempts.length).toBeGreaterThanOrEqual(3);
    expect(attempts.map((a) => a.attemptNumber)).toEqual(attempts.map((_, index) => index + 1));
  });

  it("keeps no error on a target once it is published; the attempt log keeps the history", async () => {
    const image = await p.image();
    const facebook = p.channel("FACEBOOK");
    await p.fault({
      platform: "facebook",
      accountId: facebook.externalAccountId,
      operation: "photo_story",
      kind: "http_status",
      status: 500,
      count: 1,
    });
    const story = await scheduleStory(p.deps, p.ctx, {
      brandId: p.brand.id,
      channelIds: [facebook.id],
      frames: [image.id],
      when: { now: true },
    });
    const done = await published(story.id);
    const target = done.targets[0];
    expect(target).toMatchObject({
      state: "PUBLISHED",
      lastErrorClass: null,
      lastErrorCode: null,
      lastErrorMessage: null,
    });
    const outcomes = target?.attempts.map((a) => a.outcome) ?? [];
    expect(outcomes[0]).toBe("RETRY_SCHEDULED");
    expect(outcomes.at(-1)).toBe("SUCCEEDED");
    expect(target?.attempts[0]?.errorMessage).toMatch(/Facebook had a temporary problem/);
  });

  it("stores the permalink each Graph platform returns for the story", async () => {
    const image = await p.image();
    const channels = [p.channel("INSTAGRAM"), p.channel("FACEBOOK")];
    const story = await scheduleStory(p.deps, p.ctx, {
      brandId: p.brand.id,
      channelIds: channels.map((c) => c.id),
      frames: [image.id],
      when: { now: true },
    });
    const done = await published(story.id);
    expect(done.status).toBe("PUBLISHED");
    const byPlatform = Object.fromEntries(done.targets.map((t) => [t.channel.platform, t.permalink]));
    expect(byPlatform.INSTAGRAM).toMatch(/^https:\/\/www\.instagram\.com\/stories\/[^/]+\/\d+\/$/);
    expect(byPlatform.FACEBOOK).toMatch(/^https:\/\/www\.facebook\.com\/stories\/\d+\/[\d_]+\/$/);
  });
});
