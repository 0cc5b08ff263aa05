import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, type Sql, sql } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { env } from "@/lib/env";
import { createPublishQueues, type PublishQueues } from "@/lib/queue/publish-queues";
import { redis } from "@/lib/redis/client";
import { makeScheduledStory, makeWorkspace } from "@/prisma/factories";
import { createChannelTurns } from "./channel-turns";
import { claimAndLoad } from "./claim-target";
import { dispatchStory } from "./dispatch-story";
import { endRun } from "./end-run";
import { recordIntents } from "./record-intent";

type Claimed = Awaited<ReturnType<typeof claimAndLoad>>;

/**
 * Dispatches, claims, intents and ends that a process makes at the same moment go out as one
 * statement or transaction each (statementBatcher), and each is still decided as if it were alone:
 * one claim per target, the story's version and the lease checked per request, nothing doubled
 * when two processes claim the same targets in opposite orders, each story rolled up once, with
 * its own notice, by whichever batch ends its last target.
 */
describe("batched dispatches, claims, intents and ends", () => {
  let queues: PublishQueues;
  const prefix = `test-${randomUUID()}`;
  beforeAll(() => {
    // No worker consumes this prefix: the tests make every claim themselves.
    queues = createPublishQueues(env().REDIS_URL, prefix);
  });
  afterAll(async () => {
    await queues.dispatch.obliterate({ force: true }).catch(() => undefined);
    for (const shard of queues.publishShards) await shard.obliterate({ force: true }).catch(() => undefined);
    await queues.close();
  });

  /** A single-frame story on three channels, PUBLISHING and due now, with its targets. */
  async function publishingStory() {
    const { workspace, ctx } = await makeWorkspace(db());
    const { story } = await makeScheduledStory(db(), queues, ctx, {
      platforms: ["INSTAGRAM", "FACEBOOK", "WHATSAPP"],
    });
    await db().story.update({
      where: { id: story.id },
      data: { status: "PUBLISHING", scheduledAt: new Date() },
    });
    const targets = await db().storyTarget.findMany({
      where: { storyId: story.id },
      include: { frames: true },
      orderBy: { id: "asc" },
    });
    const job = (t: { id: string }, storyVersion = story.version) => ({
      targetId: t.id,
      workspaceId: workspace.id,
      storyVersion,
    });
    return { workspace, story, targets, job };
  }

  /** The pool's statements, counted (those inside a transaction too): one on its own is one transaction. */
  function counted(): { sql: Sql; statements: string[] } {
    const statements: string[] = [];
    const wrap = (inner: Sql): Sql => ({
      query: <T>(statement: Prisma.Sql) => {
        statements.push(statement.sql);
        return inner.query<T>(statement);
      },
      execute: (statement) => {
        statements.push(statement.sql);
        return inner.execute(statement);
      },
      transaction: (work, options) => {
        statements.push(`transaction: ${options?.opening ?? ""}`);
        return inner.transaction((tx) => work(wrap(tx)), options);
      },
    });
    return { statements, sql: wrap(sql()) };
  }

  /**
   * Ends a claimed run as its single frame published, with a media id and permalink of its own;
   * `token` stands in for a run whose lease was taken over.
   */
  function endPublished(
    sqlFor: Sql,
    claim: Claimed | undefined,
    now: Date,
    token = claim?.claim.token ?? "",
  ) {
    if (!claim) throw new Error("claimed expected");
    return endRun(sqlFor, {
      story: claim.target.story,
      targetId: claim.target.id,
      token,
      attemptId: claim.claim.attemptId,
      state: "PUBLISHED",
      outcome: "SUCCEEDED",
      now,
      failure: null,
      wait: null,
      published: {
        frameId: claim.target.frames[0]?.id ?? "",
        mediaId: `media-${claim.target.id}`,
        postId: null,
        permalink: `https://example.com/${claim.target.id}`,
      },
    });
  }

  it("claims made together go out as one statement and are each decided alone", async () => {
    const { workspace, story, targets, job } = await publishingStory();
    const [first, second, third] = targets;
    if (!first || !second || !third) throw new Error("three targets expected");
    const stranger = (await makeWorkspace(db())).workspace;
    const { sql: counting, statements } = counted();
    const now = new Date();

    const [a, b, c, again, stale, foreign] = await Promise.all([
      claimAndLoad(counting, job(first), now, 30_000),
      claimAndLoad(counting, job(second), now, 30_000),
      claimAndLoad(counting, job(third), now, 30_000),
      // The same target again (a job delivered twice): it waits for the next batch, and loses.
      claimAndLoad(counting, job(second), now, 30_000),
      claimAndLoad(counting, job(third, story.version + 1), now, 30_000),
      // Another workspace's id for a real target: not claimed.
      claimAndLoad(counting, { ...job(first), workspaceId: stranger.id }, now, 30_000),
    ]);

    // The first alone (nothing was on its way), then one statement for the others, and a target
    // named twice (the repeat, the stale version) in the statement after.
    expect(statements).toHaveLength(3);
    expect([a, b, c].map((r) => r?.target.id)).toEqual([first.id, second.id, third.id]);
    expect([again, stale, foreign]).toEqual([null, null, null]);
    const tokens = [a, b, c].map((r) => r?.claim.token);
    expect(new Set(tokens).size).toBe(3);
    const rows = await db().storyTarget.findMany({ where: { storyId: story.id }, orderBy: { id: "asc" } });
    expect(rows.map((t) => t.leaseToken)).toEqual(tokens);
    expect(rows.map((t) => t.attemptCount)).toEqual([1, 1, 1]);
    // Each claim loaded its own target, and opened its own attempt under the id it was given.
    for (const result of [a, b, c]) {
      expect(result?.target.workspaceId).toBe(workspace.id);
      expect(result?.target.frames).toHaveLength(1);
      expect(result?.target.frames[0]?.targetId).toBe(result?.target.id);
      expect(result?.claim.attemptNumber).toBe(1);
      const attempt = await db().publishAttempt.findUniqueOrThrow({ where: { id: result?.claim.attemptId } });
      expect([attempt.targetId, attempt.attemptNumber, attempt.outcome]).toEqual([
        result?.target.id,
        1,
        "IN_PROGRESS",
      ]);
    }
  });

  it("intents recorded together are each checked against their own lease and story", async () => {
    const { story, targets, job } = await publishingStory();
    const other = await publishingStory();
    const now = new Date();
    const claims = await Promise.all(targets.map((t) => claimAndLoad(sql(), job(t), now, 30_000)));
    const otherClaim = await claimAndLoad(sql(), other.job(other.targets[0] as { id: string }), now, 30_000);
    // The other story is canceled after its claim: its intent must not be recorded.
    await db().story.update({ where: { id: other.story.id }, data: { status: "CANCELED" } });
    const { sql: counting, statements } = counted();

    const intent = (claim: (typeof claims)[number] | undefined, token = claim?.claim.token ?? "") => {
      if (!claim) throw new Error("claimed expected");
      return recordIntents(counting, {
        storyId: claim.target.storyId,
        storyVersion: claim.target.story.version,
        targetId: claim.target.id,
        frameId: claim.target.frames[0]?.id ?? "",
        token,
        containerId: `container-${claim.target.id}`,
        now,
      });
    };
    const results = await Promise.all([
      intent(claims[0]),
      intent(claims[1]),
      // A run whose lease was taken over: its token no longer matches.
      intent(claims[2], randomUUID()),
      intent(otherClaim),
    ]);

    expect(statements).toHaveLength(2);
    expect(results).toEqual([
      { story: true, frame: true },
      { story: true, frame: true },
      { story: true, frame: false },
      { story: false, frame: false },
    ]);
    const frames = await db().storyTargetFrame.findMany({
      where: { targetId: { in: [...targets.map((t) => t.id), other.targets[0]?.id ?? ""] } },
      select: { targetId: true, state: true, externalContainerId: true, publishIntentAt: true },
    });
    const byTarget = new Map(frames.map((f) => [f.targetId, f]));
    for (const t of targets.slice(0, 2)) {
      expect(byTarget.get(t.id)).toMatchObject({
        state: "PUBLISHING",
        externalContainerId: `container-${t.id}`,
      });
      expect(byTarget.get(t.id)?.publishIntentAt?.getTime()).toBe(now.getTime());
    }
    for (const id of [targets[2]?.id, other.targets[0]?.id])
      expect(byTarget.get(id ?? "")).toMatchObject({ externalContainerId: null, publishIntentAt: null });
    const states = await db().storyTarget.findMany({
      where: { storyId: story.id },
      orderBy: { id: "asc" },
      select: { state: true },
    });
    expect(states.map((s) => s.state)).toEqual(["PUBLISHING", "PUBLISHING", "PENDING"]);
  });

  it("ends made together share one transaction, and the batch that ends a story's last target rolls it up once", async () => {
    const { story, targets, job } = await publishingStory();
    const other = await publishingStory();
    const now = new Date();
    const claims = await Promise.all(
      [...targets.map((t) => job(t)), other.job(other.targets[0] as { id: string })].map((j) =>
        claimAndLoad(sql(), j, now, 30_000),
      ),
    );
    const end = (claim: Claimed | undefined, sqlFor: Sql, token?: string) =>
      endPublished(sqlFor, claim, now, token);
    // The first target ends alone: its story still has two open targets and is not rolled up.
    await end(claims[0], sql());
    expect((await db().story.findUniqueOrThrow({ where: { id: story.id } })).status).toBe("PUBLISHING");

    // Then an end of another story goes first, and the last two of this story's wait for it and
    // go out together; beside them, an end whose lease was taken over.
    const { sql: counting, statements } = counted();
    await Promise.all([
      end(claims[3], counting),
      end(claims[1], counting),
      end(claims[2], counting),
      end(claims[3], counting, randomUUID()),
    ]);

    // The other story's end alone, this story's two with the stale end of the other, which waited
    // for the first (the same target) and then went with them.
    expect(statements.filter((s) => s.startsWith("transaction")).length).toBe(2);
    const after = await db().story.findUniqueOrThrow({
      where: { id: story.id },
      select: {
        status: true,
        targets: {
          select: { state: true, permalink: true, leaseToken: true, frames: true },
          orderBy: { id: "asc" },
        },
      },
    });
    expect(after.status).toBe("PUBLISHED");
    expect(after.targets.map((t) => [t.state, t.leaseToken])).toEqual(Array(3).fill(["PUBLISHED", null]));
    expect(after.targets.map((t) => t.frames[0]?.externalMediaId)).toEqual(
      targets.map((t) => `media-${t.id}`),
    );
    expect(after.targets.map((t) => t.permalink)).toEqual(targets.map((t) => `https://example.com/${t.id}`));
    // Rolled up exactly once: one notice to its author for this story.
    const notices = await db().notification.findMany({
      where: { link: { endsWith: `/stories/${story.id}` } },
    });
    expect(notices.map((n) => n.kind)).toEqual(["story.published"]);
    // The other story's first target ended (its two others are open: no roll-up); the stale end
    // after it changed nothing.
    const otherAfter = await db().storyTarget.findUniqueOrThrow({
      where: { id: other.targets[0]?.id },
      select: { state: true, leaseToken: true, story: { select: { status: true } } },
    });
    expect(otherAfter).toEqual({ state: "PUBLISHED", leaseToken: null, story: { status: "PUBLISHING" } });
  });

  it("dispatches made together go out as one statement, each at its own version and workspace", async () => {
    const stories = await Promise.all([publishingStory(), publishingStory(), publishingStory()]);
    // Scheduled again, as when its dispatch job fires; the last one was edited since its job.
    for (const s of stories)
      await db().story.update({ where: { id: s.story.id }, data: { status: "SCHEDULED" } });
    const [a, b, edited] = stories;
    if (!a || !b || !edited) throw new Error("three stories expected");
    const stranger = (await makeWorkspace(db())).workspace;
    const { sql: counting, statements } = counted();
    const deps = {
      db: db(),
      sql: counting,
      queues,
      channelTurns: createChannelTurns(redis(), `${prefix}:channel-turns`),
      now: () => new Date(),
    };
    const dispatch = (s: typeof a, overrides: { version?: number; workspaceId?: string } = {}) =>
      dispatchStory(deps, {
        storyId: s.story.id,
        workspaceId: overrides.workspaceId ?? s.workspace.id,
        version: overrides.version ?? s.story.version,
      });

    const results = await Promise.all([
      dispatch(a),
      dispatch(b),
      dispatch(edited, { version: edited.story.version - 1 }),
      // Another workspace's id for a real story: nothing happens to it.
      dispatch(a, { workspaceId: stranger.id }),
      dispatch(b),
    ]);

    // The first alone, then the others together but for the repeat of b, in the statement after.
    expect(statements.filter((s) => s.includes("SET status = 'PUBLISHING'"))).toHaveLength(3);
    expect(results).toEqual(["dispatched", "dispatched", "stale", "stale", "dispatched"]);
    const statuses = await db().story.findMany({
      where: { id: { in: stories.map((s) => s.story.id) } },
      select: { id: true, status: true },
    });
    expect(new Map(statuses.map((s) => [s.id, s.status]))).toEqual(
      new Map([
        [a.story.id, "PUBLISHING"],
        [b.story.id, "PUBLISHING"],
        [edited.story.id, "SCHEDULED"],
      ]),
    );
    // One publish job per target of the dispatched stories (b's second dispatch added none: the
    // job ids are the targets').
    const jobs = (await Promise.all(queues.publishShards.map((q) => q.getJobs(["prioritized", "waiting"]))))
      .flat()
      .map((job) => job.data.targetId as string);
    const dispatched = [...a.targets, ...b.targets].map((t) => t.id);
    expect(jobs.filter((id) => dispatched.includes(id)).sort()).toEqual([...dispatched].sort());
    expect(jobs.filter((id) => edited.targets.some((t) => t.id === id))).toEqual([]);
  });

  it("the ends of several stories' last targets roll each story up in one transaction, each with its own notice and event", async () => {
    const stories = await Promise.all([publishingStory(), publishingStory()]);
    const [hooked, plain] = stories;
    if (!hooked || !plain) throw new Error("two stories expected");
    // Titles of their own: each notice must name its own story.
    for (const [s, title] of [
      [hooked, "Spring sale"],
      [plain, "New menu"],
    ] as const)
      await db().story.update({ where: { id: s.story.id }, data: { title } });
    // Only the first story's workspace has an endpoint for the event.
    const webhook = await db().webhook.create({
      data: {
        workspaceId: hooked.workspace.id,
        url: "https://receiver.example.com/hook",
        events: ["story.published"],
        // Never sent here: the event is only recorded, in the roll-up's transaction.
        secretKeyId: "test",
        secretIv: Buffer.alloc(12),
        secretTag: Buffer.alloc(16),
        secretCiphertext: Buffer.alloc(8),
      },
    });
    const now = new Date();
    const claims = await Promise.all(
      stories.flatMap((s) => s.targets.map((t) => claimAndLoad(sql(), s.job(t), now, 30_000))),
    );
    const end = (claim: Claimed | undefined, sqlFor: Sql) => endPublished(sqlFor, claim, now);
    // Every target but each story's last ends first.
    for (const claim of [claims[0], claims[1], claims[3], claims[4]]) await end(claim, sql());
    const { sql: counting, statements } = counted();
    // A third end first, so that the two last ones wait for it and go out together.
    const third = await publishingStory();
    const thirdClaim = await claimAndLoad(sql(), third.job(third.targets[0] as { id: string }), now, 30_000);
    await Promise.all([end(thirdClaim, counting), end(claims[2], counting), end(claims[5], counting)]);

    expect(statements.filter((s) => s.startsWith("transaction"))).toHaveLength(2);
    // The two stories' roll-ups: one status change and one statement for their notices.
    expect(statements.filter((s) => s.includes('UPDATE "Story" s'))).toHaveLength(1);
    expect(statements.filter((s) => s.includes('INSERT INTO "Notification"'))).toHaveLength(1);
    const after = await db().story.findMany({
      where: { id: { in: stories.map((s) => s.story.id) } },
      select: { id: true, status: true, publishedAt: true },
    });
    expect(after.map((s) => [s.status, s.publishedAt?.getTime()])).toEqual([
      ["PUBLISHED", now.getTime()],
      ["PUBLISHED", now.getTime()],
    ]);
    for (const [s, title] of [
      [hooked, "Spring sale"],
      [plain, "New menu"],
    ] as const) {
      const notices = await db().notification.findMany({
        where: { workspaceId: s.workspace.id, link: { endsWith: `/stories/${s.story.id}` } },
      });
      expect(notices.map((n) => [n.kind, n.title])).toEqual([["story.published", `Published: ${title}`]]);
    }
    const deliveries = await db().webhookDelivery.findMany({
      where: { workspaceId: { in: stories.map((s) => s.workspace.id) } },
      select: { webhookId: true, eventType: true },
    });
    expect(deliveries).toEqual([{ webhookId: webhook.id, eventType: "story.published" }]);
  });

  it("two processes claiming the same targets in opposite orders claim each exactly once", async () => {
    const stories = await Promise.all(Array.from({ length: 8 }, () => publishingStory()));
    const jobs = stories.flatMap((s) => s.targets.map((t) => s.job(t)));
    const now = new Date();
    // Two pools (two batchers, as in two worker processes), each sending its claims in batches.
    const one = sql();
    const two = sql();
    const results = await Promise.all([
      ...jobs.map((j) => claimAndLoad(one, j, now, 30_000)),
      ...[...jobs].reverse().map((j) => claimAndLoad(two, j, now, 30_000)),
    ]);

    const won = results.filter((r) => r !== null);
    expect(won).toHaveLength(jobs.length);
    expect(new Set(won.map((r) => r?.target.id)).size).toBe(jobs.length);
    const attempts = await db().publishAttempt.count({
      where: { targetId: { in: jobs.map((j) => j.targetId) } },
    });
    expect(attempts).toBe(jobs.length);
  });
});
