import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { scheduleStory } from "@/lib/stories/schedule-story";
import { eventually, type Pipeline, startPipeline } from "@/test/publishing/pipeline-test-kit";
import type { PipelineDeps } from "./deps";
import { publishTarget } from "./publish-target";

/**
 * Short leases (decision 008, "Short leases"): a live run keeps its target by heartbeat however
 * long its platform call takes, and a run that stops renewing (dead or stalled) loses it within
 * seconds, without a second publish even when its call lands after the takeover.
 */
describe("publish lease", () => {
  let p: Pipeline;
  beforeAll(async () => {
    p = await startPipeline();
  }, 60_000);
  afterAll(() => p.close());

  const LEASE_MS = 3_000;

  /** A Facebook target due now, run by hand (the kit's workers would only see it in a minute). */
  async function dueTarget() {
    const image = await p.image();
    const story = await scheduleStory(p.deps, p.ctx, {
      brandId: p.brand.id,
      channelIds: [p.channel("FACEBOOK").id],
      frames: [image.id],
      when: { at: new Date(Date.now() + 60_000).toISOString() },
    });
    await db().story.update({
      where: { id: story.id },
      data: { status: "PUBLISHING", scheduledAt: new Date() },
    });
    const target = await db().storyTarget.findFirstOrThrow({ where: { storyId: story.id } });
    const job = { targetId: target.id, workspaceId: p.workspace.id, storyVersion: story.version };
    const published = async () => (await p.ledger()).filter((e) => e.mediaSha256 === image.checksum);
    return { target, job, published };
  }

  /** The publish call takes effect only after `ms`: longer than the lease, within the kit's 5 s HTTP timeout. */
  const slowPublish = (ms: number) =>
    p.fault({
      platform: "facebook",
      accountId: p.channel("FACEBOOK").externalAccountId,
      operation: "photo_story",
      kind: "latency",
      latencyMs: ms,
      count: 1,
    });

  const leaseOf = (targetId: string) =>
    db().storyTarget.findUniqueOrThrow({
      where: { id: targetId },
      select: { leaseExpiresAt: true, leaseToken: true, state: true },
    });

  it("keeps a live run's target by heartbeat through a platform call longer than the lease", async () => {
    const { target, job, published } = await dueTarget();
    await slowPublish(1.5 * LEASE_MS);
    const first: PipelineDeps = { ...p.deps, leaseMs: LEASE_MS };
    const running = publishTarget(first, job);

    const claimed = await eventually(
      () => leaseOf(target.id),
      (t) => t.leaseExpiresAt !== null,
    );
    const firstExpiry = claimed.leaseExpiresAt?.getTime() ?? 0;
    // Past the lease the claim set, the heartbeat has moved it on, so another worker finds it busy.
    await eventually(
      () => leaseOf(target.id),
      (t) => Date.now() > firstExpiry + 200 && (t.leaseExpiresAt?.getTime() ?? 0) > firstExpiry,
      3 * LEASE_MS,
    );
    expect(await publishTarget({ ...p.deps, leaseMs: LEASE_MS }, job)).toMatchObject({ kind: "busy" });

    expect(await running).toEqual({ kind: "ended", state: "PUBLISHED" });
    expect(await published()).toHaveLength(1);
  });

  it("a run that stops renewing loses its target within the lease, and its late publish call is not repeated", async () => {
    const { target, job, published } = await dueTarget();
    await slowPublish(1.5 * LEASE_MS);
    // A worker whose heartbeat never gets through (stalled, or cut off from the database): its
    // lease runs out while its publish call is still on the way to the platform.
    const stalled: PipelineDeps = {
      ...p.deps,
      leaseMs: LEASE_MS,
      sql: {
        query: <T>(statement: Prisma.Sql) =>
          statement.sql.includes('SET "leaseExpiresAt"')
            ? new Promise<T[]>(() => undefined)
            : p.deps.sql.query<T>(statement),
        execute: (statement) => p.deps.sql.execute(statement),
        transaction: (work, options) => p.deps.sql.transaction(work, options),
      },
    };
    const running = publishTarget(stalled, job);
    await eventually(
      () => db().storyTargetFrame.findFirstOrThrow({ where: { targetId: target.id } }),
      (f) => f.publishIntentAt !== null,
    );

    // Another worker takes the target over as soon as the lease has run out. The platform shows
    // nothing yet, but the intent is too young to be declared void: it waits instead of publishing.
    const other: PipelineDeps = { ...p.deps, leaseMs: LEASE_MS };
    const takeover = await eventually(
      () => publishTarget(other, job),
      (outcome) => outcome.kind !== "busy",
      2 * LEASE_MS,
    );
    expect(takeover).toMatchObject({ kind: "wait", reason: "earlier publish call settling" });

    // The stalled worker's call lands; once the intent has settled the next run adopts it.
    await running;
    await eventually(
      () => db().storyTarget.findUniqueOrThrow({ where: { id: target.id } }),
      (t) => t.nextAttemptAt !== null && t.nextAttemptAt.getTime() <= Date.now(),
      15_000,
    );
    expect(await publishTarget(other, job)).toEqual({ kind: "ended", state: "PUBLISHED" });
    expect(await published()).toHaveLength(1);
  }, 40_000);
});
