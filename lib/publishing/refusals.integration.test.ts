import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { cancelStory } from "@/lib/stories/cancel-story";
import { scheduleStory } from "@/lib/stories/schedule-story";
import { atRest, eventually, type Pipeline, startPipeline } from "@/test/publishing/pipeline-test-kit";

// One publish per hour: the second story on the account is past the quota.
const QUOTA_WINDOW_MS = 3_600_000;

/**
 * Publish calls the platform refuses before acting (contract invariant 5): nothing went out, so
 * the run voids its intent at once. The pipeline relies on them to skip two reads per Instagram
 * story: the status of an image container it has just made, and the quota of a one-frame story.
 */
describe("publish calls refused before acting", () => {
  let p: Pipeline;
  beforeAll(async () => {
    p = await startPipeline({
      // Long enough that an image container made at the story's instant is not ready yet.
      instagram: { imageProcessingMs: 1_500, quotaTotal: 1, quotaDurationMs: QUOTA_WINDOW_MS },
    });
  }, 60_000);
  afterAll(() => p.close());

  const instagram = () => p.channel("INSTAGRAM");
  const targetOf = (storyId: string) =>
    db().storyTarget.findFirstOrThrow({
      where: { storyId },
      include: { attempts: { orderBy: { attemptNumber: "asc" } }, frames: true },
    });
  const attemptLog = (t: {
    attempts: { outcome: string; errorCode: string | null; errorMessage: string | null }[];
  }) => JSON.stringify(t.attempts.map((a) => [a.outcome, a.errorCode, a.errorMessage]));
  const publishNow = async () =>
    scheduleStory(p.deps, p.ctx, {
      brandId: p.brand.id,
      channelIds: [instagram().id],
      frames: [(await p.image()).id],
      when: { now: true },
    });
  const ledgerOfAccount = async () =>
    (await p.ledger()).filter((e) => e.accountId === instagram().externalAccountId);

  it("publishes a fresh image container without reading its status; 'not ready' voids the intent and it goes out once, without a settling wait", async () => {
    const story = await publishNow();
    const done = await eventually(
      () => targetOf(story.id),
      (t) => t.state === "PUBLISHED",
    );
    // The publish call came straight after the container and Instagram said not ready (a status
    // read first would have found it processing: "container processing").
    const refused = done.attempts.filter(
      (a) => a.errorMessage === "container still processing at the publish call",
    );
    expect(refused.length, attemptLog(done)).toBeGreaterThanOrEqual(1);
    expect(refused.every((a) => a.outcome === "RETRY_SCHEDULED" && a.errorClass === null)).toBe(true);
    // Nothing was unknown: no run had to wait for an earlier publish call to settle.
    expect(done.attempts.map((a) => a.errorMessage)).not.toContain("earlier publish call settling");
    // A container still processing is a wait, not a failed try: only the run that published counts.
    expect(done.attemptCount, attemptLog(done)).toBe(1);
    expect(done.frames.every((f) => f.state === "PUBLISHED")).toBe(true);
    expect((await ledgerOfAccount()).map((e) => e.externalId)).toEqual([done.frames[0]?.externalMediaId]);
  });

  it("publishes a one-frame story without reading the quota; past it Instagram refuses, and the target waits for the window without spending an attempt", async () => {
    const first = await db().storyTargetFrame.findFirstOrThrow({
      where: { state: "PUBLISHED", target: { channelId: instagram().id } },
    });
    const firstAt = first.publishedAt?.getTime() ?? 0;
    const story = await publishNow();
    const held = await eventually(
      () => targetOf(story.id),
      (t) => t.waitReason === "QUOTA" && atRest(t),
    );
    expect(
      held.attempts.map((a) => a.errorCode),
      attemptLog(held),
    ).toContain("9/2207042");
    expect(held.lastErrorClass).toBe("RATE_LIMITED");
    expect(held.waitDetail).toMatch(/allows 1 posts per 1 h; 1 used, this story needs 1 more/);
    // Until the first publish leaves the window (our own count knows when), not Meta's full day.
    expect(held.nextAttemptAt?.getTime()).toBeGreaterThan(firstAt + QUOTA_WINDOW_MS - 1);
    expect(held.nextAttemptAt?.getTime()).toBeLessThan(firstAt + QUOTA_WINDOW_MS + 60_000);
    expect(held.attemptCount, attemptLog(held)).toBe(0);
    // Nothing went out, and the run left no intent behind to reconcile.
    expect(held.frames.every((f) => f.state !== "PUBLISHED" && f.publishIntentAt === null)).toBe(true);
    expect(await ledgerOfAccount()).toHaveLength(1);
    await cancelStory(p.deps, p.ctx, story.id);
  });
});
