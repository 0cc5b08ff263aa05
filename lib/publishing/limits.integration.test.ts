import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { redis } from "@/lib/redis/client";
import { cancelStory } from "@/lib/stories/cancel-story";
import { scheduleStory } from "@/lib/stories/schedule-story";
import { atRest, eventually, type Pipeline, startPipeline } from "@/test/publishing/pipeline-test-kit";
import { createChannelCallLimiter } from "./channel-call-limiter";

const QUOTA = 3;
// An hour rather than Instagram's day, so the wait ends before the story's two-hour deadline (a
// wait past it expires the channel at once: waits.integration.test.ts).
const QUOTA_WINDOW_MS = 3_600_000;

describe("limits kept before the platform has to refuse", () => {
  let p: Pipeline;
  beforeAll(async () => {
    p = await startPipeline({ instagram: { quotaTotal: QUOTA, quotaDurationMs: QUOTA_WINDOW_MS } });
  }, 60_000);
  afterAll(() => p.close());

  const instagram = () => p.channel("INSTAGRAM");
  const targetOf = (storyId: string) =>
    db().storyTarget.findFirstOrThrow({ where: { storyId }, include: { attempts: true, frames: true } });
  const attemptLog = (t: {
    attempts: { attemptNumber: number; outcome: string; errorClass: string | null }[];
  }) => JSON.stringify(t.attempts.map((a) => [a.attemptNumber, a.outcome, a.errorClass]));
  const schedule = (frames: string[], channelIds: string[]) =>
    scheduleStory(p.deps, p.ctx, { brandId: p.brand.id, channelIds, frames, when: { now: true } });

  it("holds a story that would exceed Instagram's rolling quota until the window frees, without a refusal", async () => {
    const first = await schedule([(await p.image()).id], [instagram().id]);
    await eventually(
      () => targetOf(first.id),
      (t) => t.state === "PUBLISHED",
    );

    // One frame used of three: a three-frame story does not fit and must not go out half.
    const frames = [await p.image(), await p.image(), await p.image()];
    const second = await schedule(
      frames.map((f) => f.id),
      [instagram().id],
    );
    const held = await eventually(
      () => targetOf(second.id),
      (t) => t.attempts.some((a) => a.errorClass === "RATE_LIMITED") && atRest(t),
    );
    expect(held.state).not.toBe("FAILED");
    // Waiting for the quota spends no attempt: only runs that failed otherwise count (on a loaded
    // machine the quota read itself can time out once, a retryable failure that does count).
    const spent = held.attempts.filter((a) => a.errorClass && a.errorClass !== "RATE_LIMITED").length;
    expect(held.attemptCount, attemptLog(held)).toBe(spent);
    expect(held.attempts.map((a) => a.errorMessage)).toContain("publishing quota used up");
    // Until the first publish leaves the rolling window.
    expect(held.nextAttemptAt?.getTime()).toBeGreaterThan(Date.now() + QUOTA_WINDOW_MS - 60_000);
    expect(held.frames.every((f) => f.state !== "PUBLISHED" && f.publishIntentAt === null)).toBe(true);
    const ledger = (await p.ledger()).filter((e) => e.accountId === instagram().externalAccountId);
    expect(ledger).toHaveLength(1);
    // The platform was never asked to publish beyond its quota, so it never refused.
    expect(held.attempts.some((a) => a.errorCode === "9/2207042")).toBe(false);
    await cancelStory(p.deps, p.ctx, second.id);
  });

  it("spreads a channel's runs over its per-minute call budget, shared through Redis, without spending attempts", async () => {
    const facebook = p.channel("FACEBOOK");
    const unlimited = p.deps.channelCallWait;
    p.deps.channelCallWait = createChannelCallLimiter(redis(), 2);
    try {
      const stories: { id: string }[] = [];
      for (let i = 0; i < 3; i++) stories.push(await schedule([(await p.image()).id], [facebook.id]));
      const targets = await eventually(
        () => Promise.all(stories.map((s) => targetOf(s.id))),
        (ts) =>
          ts.filter((t) => t.state === "PUBLISHED").length === 2 &&
          ts.some((t) => t.attempts.some((a) => a.errorMessage === "channel call budget")) &&
          ts.every(atRest),
      );
      const waiting = targets.find((t) => t.state !== "PUBLISHED");
      // Waiting for the budget spends no attempt: only runs that failed otherwise count (on a
      // loaded machine an earlier run's platform call can time out, a retryable failure that does).
      const spent = waiting?.attempts.filter((a) => a.errorClass && a.errorClass !== "RATE_LIMITED").length;
      expect(waiting?.attemptCount, waiting && attemptLog(waiting)).toBe(spent);
      expect(waiting?.attempts.find((a) => a.errorMessage === "channel call budget")?.errorClass).toBe(
        "RATE_LIMITED",
      );
      // The budget frees within the minute; the third goes out then, not after a backoff.
      expect(waiting?.nextAttemptAt?.getTime()).toBeLessThanOrEqual(Date.now() + 60_000);
      for (const story of stories) await cancelStory(p.deps, p.ctx, story.id).catch(() => undefined);
    } finally {
      p.deps.channelCallWait = unlimited;
    }
  });
});
