import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { createPublishQueues, type PublishQueues } from "@/lib/queue/publish-queues";
import { publishJobId } from "@/lib/queue/queues";
import { scheduleStory } from "@/lib/stories/schedule-story";
import { makeMember, makeScheduledStory, makeWorkspace } from "@/prisma/factories";
import { expectAppError } from "@/test/assert/expect-app-error";
import { eventually, type Pipeline, startPipeline } from "@/test/publishing/pipeline-test-kit";
import { retryTarget } from "./retry-target";

describe("retryTarget", () => {
  let queues: PublishQueues;
  beforeAll(() => {
    // No worker consumes this prefix: the tests look at the jobs a retry adds.
    queues = createPublishQueues(env().REDIS_URL, `test-${randomUUID()}`);
  });
  afterAll(async () => {
    await queues.dispatch.obliterate({ force: true }).catch(() => undefined);
    for (const shard of queues.publishShards) await shard.obliterate({ force: true }).catch(() => undefined);
    await queues.close();
  });

  /**
   * A two-frame story on Instagram and Facebook that ended PARTIAL: Instagram published frame 0
   * and was refused on frame 1; Facebook published both.
   */
  async function partialStory(options: { deadlineInMs?: number } = {}) {
    const { workspace, ctx } = await makeWorkspace(db());
    const { story } = await makeScheduledStory(db(), queues, ctx, {
      platforms: ["INSTAGRAM", "FACEBOOK"],
      frameCount: 2,
    });
    const now = Date.now();
    await db().story.update({
      where: { id: story.id },
      data: {
        status: "PARTIAL",
        publishedAt: new Date(now),
        freshnessDeadline: new Date(now + (options.deadlineInMs ?? 3_600_000)),
      },
    });
    const targets = await db().storyTarget.findMany({
      where: { storyId: story.id },
      include: { channel: true },
    });
    const failed = targets.find((t) => t.channel.platform === "INSTAGRAM");
    const published = targets.find((t) => t.channel.platform === "FACEBOOK");
    if (!failed || !published) throw new Error("targets missing");
    await db().storyTarget.update({
      where: { id: failed.id },
      data: {
        state: "FAILED",
        attemptCount: 2,
        lastErrorClass: "INVALID_CONTENT",
        lastErrorCode: "36001/2207005",
        lastErrorMessage: "Instagram refused the image format.",
      },
    });
    await db().storyTargetFrame.update({
      where: { targetId_position: { targetId: failed.id, position: 0 } },
      data: {
        state: "PUBLISHED",
        externalContainerId: "c-0",
        externalMediaId: "m-0",
        publishedAt: new Date(now),
      },
    });
    await db().storyTargetFrame.update({
      where: { targetId_position: { targetId: failed.id, position: 1 } },
      data: { state: "PUBLISHING", externalContainerId: "c-1", publishIntentAt: new Date(now) },
    });
    await db().storyTarget.update({ where: { id: published.id }, data: { state: "PUBLISHED" } });
    await db().storyTargetFrame.updateMany({
      where: { targetId: published.id },
      data: { state: "PUBLISHED" },
    });
    return { workspace, ctx, story, failed, published };
  }

  it("puts a failed channel back to pending, keeps what went out, and queues its publish job", async () => {
    const { ctx, story, failed } = await partialStory();
    await expect(retryTarget({ db: db(), queues }, ctx, story.id, failed.id)).resolves.toEqual({
      targetId: failed.id,
      state: "PENDING",
    });

    const target = await db().storyTarget.findUniqueOrThrow({
      where: { id: failed.id },
      include: { frames: { orderBy: { position: "asc" } } },
    });
    expect(target).toMatchObject({
      state: "PENDING",
      attemptCount: 0,
      lastErrorClass: null,
      lastErrorCode: null,
      lastErrorMessage: null,
    });
    expect(target.frames[0]).toMatchObject({
      state: "PUBLISHED",
      externalContainerId: "c-0",
      externalMediaId: "m-0",
    });
    expect(target.frames[1]).toMatchObject({
      state: "PENDING",
      externalContainerId: null,
      publishIntentAt: null,
    });
    const after = await db().story.findUniqueOrThrow({ where: { id: story.id } });
    expect(after).toMatchObject({ status: "PUBLISHING", version: story.version });
    const job = await queues.publishFor(failed.id).getJob(publishJobId({ targetId: failed.id }));
    expect(job?.data).toEqual({
      targetId: failed.id,
      workspaceId: ctx.workspaceId,
      storyVersion: story.version,
    });
    const audit = await db().auditLog.findFirstOrThrow({ where: { entityId: failed.id } });
    expect(audit).toMatchObject({ action: "story.target.retry", actorUserId: ctx.userId });
  });

  it("refuses a channel that did not fail, and a second retry of the same one", async () => {
    const { ctx, story, failed, published } = await partialStory();
    const error = await expectAppError(
      retryTarget({ db: db(), queues }, ctx, story.id, published.id),
      "CONFLICT",
    );
    expect(error.message).toMatch(/Only a failed channel can be retried/);
    await retryTarget({ db: db(), queues }, ctx, story.id, failed.id);
    await expectAppError(retryTarget({ db: db(), queues }, ctx, story.id, failed.id), "CONFLICT");
  });

  it("refuses once the story is past its latest start time, and changes nothing", async () => {
    const { ctx, story, failed } = await partialStory({ deadlineInMs: -1_000 });
    const error = await expectAppError(
      retryTarget({ db: db(), queues }, ctx, story.id, failed.id),
      "CONFLICT",
    );
    expect(error.message).toMatch(/past its latest start time/);
    expect(await db().storyTarget.findUniqueOrThrow({ where: { id: failed.id } })).toMatchObject({
      state: "FAILED",
      attemptCount: 2,
    });
    expect(await db().story.findUniqueOrThrow({ where: { id: story.id } })).toMatchObject({
      status: "PARTIAL",
    });
  });

  it("refuses a canceled story and a channel that needs reconnecting", async () => {
    const canceled = await partialStory();
    await db().story.update({ where: { id: canceled.story.id }, data: { canceledAt: new Date() } });
    const error = await expectAppError(
      retryTarget({ db: db(), queues }, canceled.ctx, canceled.story.id, canceled.failed.id),
      "CONFLICT",
    );
    expect(error.message).toMatch(/canceled/);

    const held = await partialStory();
    await db().channel.update({ where: { id: held.failed.channelId }, data: { status: "NEEDS_REAUTH" } });
    const reauth = await expectAppError(
      retryTarget({ db: db(), queues }, held.ctx, held.story.id, held.failed.id),
      "CONFLICT",
    );
    expect(reauth.message).toMatch(/Reconnect/);
  });

  it("is NOT_FOUND from another workspace or with a mismatched story, FORBIDDEN for a viewer", async () => {
    const { workspace, ctx, story, failed } = await partialStory();
    const other = await partialStory();
    const stranger = await makeWorkspace(db());
    await expectAppError(retryTarget({ db: db(), queues }, stranger.ctx, story.id, failed.id), "NOT_FOUND");
    await expectAppError(retryTarget({ db: db(), queues }, ctx, story.id, other.failed.id), "NOT_FOUND");
    const viewer = await makeMember(db(), workspace, "VIEWER");
    await expectAppError(retryTarget({ db: db(), queues }, viewer, story.id, failed.id), "FORBIDDEN");
    expect(await db().storyTarget.findUniqueOrThrow({ where: { id: failed.id } })).toMatchObject({
      state: "FAILED",
    });
  });
});

describe("retryTarget with the real pipeline", () => {
  let p: Pipeline;
  beforeAll(async () => {
    p = await startPipeline();
  }, 60_000);
  afterAll(() => p.close());

  it("a story refused once goes out on retry, exactly once", async () => {
    const image = await p.image();
    const instagram = p.channels[0];
    await p.fault({
      platform: "instagram",
      accountId: instagram?.externalAccountId,
      operation: "create_container",
      kind: "error",
      code: 36001,
      subcode: 2207005,
      message: "The image format is not supported.",
      count: 1,
    });
    const story = await scheduleStory(p.deps, p.ctx, {
      brandId: p.brand.id,
      channelIds: [instagram?.id ?? ""],
      frames: [image.id],
      when: { now: true },
    });
    const failed = await eventually(
      () => db().story.findUniqueOrThrow({ where: { id: story.id }, include: { targets: true } }),
      (s) => s.status === "FAILED",
    );
    const target = failed.targets[0];
    expect(target).toMatchObject({ state: "FAILED", lastErrorClass: "INVALID_CONTENT" });

    await retryTarget(p.deps, p.ctx, story.id, target?.id ?? "");
    const done = await eventually(
      () => db().story.findUniqueOrThrow({ where: { id: story.id }, include: { targets: true } }),
      (s) => s.status === "PUBLISHED",
    );
    expect(done.targets[0]).toMatchObject({ state: "PUBLISHED", attemptCount: 1 });
    expect((await p.ledger()).filter((e) => e.mediaSha256 === image.checksum)).toHaveLength(1);
  });
});
