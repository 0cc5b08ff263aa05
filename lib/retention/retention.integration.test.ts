import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db, sql } from "@/lib/db/client";
import type { TargetState } from "@/lib/db/generated/enums";
import { claimAndLoad } from "@/lib/publishing/claim-target";
import { makeBrand, makeWorkspace } from "@/prisma/factories";
import { pruneNotices } from "./prune-notices";
import { type AttemptCursor, prunePublishAttempts } from "./prune-publish-attempts";
import { pruneSentOutboxes } from "./prune-sent-outboxes";
import { runRetentionSweep } from "./run-retention-sweep";

const DAY = 86_400_000;
// Years ahead of the real clock: a workers process another test starts runs the real sweep on this
// database, and must find nothing here old enough to delete.
const NOW = new Date("2031-01-01T12:00:00.000Z");
const policy = {
  attemptDays: 90,
  deliveredDays: 30,
  failedDays: 90,
  readNoticeDays: 90,
  unreadNoticeDays: 365,
};
const attemptCutoff = new Date(NOW.getTime() - 90 * DAY);

/** A workspace with one brand and channel; each target gets a story of its own. */
async function setUp() {
  const { workspace } = await makeWorkspace(db());
  const brand = await makeBrand(db(), workspace.id);
  const channel = await db().channel.create({
    data: {
      workspaceId: workspace.id,
      brandId: brand.id,
      platform: "INSTAGRAM",
      externalAccountId: randomUUID(),
      displayName: "Retention",
    },
  });
  /** A target in `state` with one attempt per start time, numbered 1, 2, … in that order. */
  const target = async (state: TargetState, starts: Date[]) => {
    const story = await db().story.create({
      data: { workspaceId: workspace.id, brandId: brand.id, status: "PUBLISHED" },
    });
    const row = await db().storyTarget.create({
      data: { workspaceId: workspace.id, storyId: story.id, channelId: channel.id, state },
    });
    await db().publishAttempt.createMany({
      data: starts.map((startedAt, index) => ({
        workspaceId: workspace.id,
        targetId: row.id,
        attemptNumber: index + 1,
        outcome: "FAILED" as const,
        startedAt,
        finishedAt: startedAt,
      })),
    });
    return row.id;
  };
  return { workspaceId: workspace.id, target };
}

const numbersOf = async (targetId: string) =>
  (
    await db().publishAttempt.findMany({
      where: { targetId },
      orderBy: { attemptNumber: "asc" },
      select: { attemptNumber: true },
    })
  ).map((a) => a.attemptNumber);

const daysBefore = (at: Date, days: number) => new Date(at.getTime() - days * DAY);

/** A cursor store in memory, as Redis keeps it in the workers. */
function memoryCursor() {
  let saved: AttemptCursor | null = null;
  return {
    get: async () => saved,
    set: async (cursor: AttemptCursor | null) => {
      saved = cursor;
    },
    get current() {
      return saved;
    },
  };
}

describe("pruning publish attempts", () => {
  it("deletes a finished target's attempts past the limit, keeping its last one and those just inside", async () => {
    const { workspaceId, target } = await setUp();
    const allOld = await target("PUBLISHED", [
      daysBefore(attemptCutoff, 3),
      daysBefore(attemptCutoff, 2),
      daysBefore(attemptCutoff, 1),
    ]);
    const straddling = await target("FAILED", [
      daysBefore(attemptCutoff, 2),
      new Date(attemptCutoff.getTime() - 1),
      attemptCutoff,
      new Date(attemptCutoff.getTime() + 1),
    ]);
    const recent = await target("EXPIRED", [daysBefore(NOW, 5), daysBefore(NOW, 4)]);

    const result = await prunePublishAttempts(
      { db: db() },
      { before: attemptCutoff, batchSize: 100, maxBatches: 10, workspaceId },
    );

    expect(await numbersOf(allOld)).toEqual([3]);
    // One millisecond before the cutoff goes; the cutoff itself and after it stay.
    expect(await numbersOf(straddling)).toEqual([3, 4]);
    expect(await numbersOf(recent)).toEqual([1, 2]);
    expect(result).toEqual({ scanned: 5, deleted: 4, next: null });
  });

  it("leaves every attempt of a target that may still run or waits for a person", async () => {
    const { workspaceId, target } = await setUp();
    const old = [daysBefore(attemptCutoff, 30), daysBefore(attemptCutoff, 20)];
    const open = await Promise.all(
      (["PENDING", "PUBLISHING", "AWAITING_PERSON", "NEEDS_REAUTH", "UNCONFIRMED"] as const).map((state) =>
        target(state, old),
      ),
    );
    const skipped = await target("SKIPPED", old);

    await prunePublishAttempts(
      { db: db() },
      { before: attemptCutoff, batchSize: 100, maxBatches: 10, workspaceId },
    );

    for (const targetId of open) expect(await numbersOf(targetId)).toEqual([1, 2]);
    expect(await numbersOf(skipped)).toEqual([2]);
  });

  it("numbers a manual retry after pruning next after the kept last attempt", async () => {
    const { workspaceId, target } = await setUp();
    const targetId = await target(
      "FAILED",
      [30, 20, 10].map((days) => daysBefore(attemptCutoff, days)),
    );
    await prunePublishAttempts(
      { db: db() },
      { before: attemptCutoff, batchSize: 100, maxBatches: 10, workspaceId },
    );
    expect(await numbersOf(targetId)).toEqual([3]);

    // What a manual retry leaves for the claim: the target open again, its story publishing.
    const row = await db().storyTarget.update({ where: { id: targetId }, data: { state: "PENDING" } });
    await db().story.update({ where: { id: row.storyId }, data: { status: "PUBLISHING" } });
    const claimed = await claimAndLoad(sql(), { targetId, workspaceId, storyVersion: 1 }, NOW, 6_000);

    expect(claimed).not.toBeNull();
    expect(await numbersOf(targetId)).toEqual([3, 4]);
  });

  it("touches nothing outside the workspace it is confined to", async () => {
    const mine = await setUp();
    const theirs = await setUp();
    const old = [daysBefore(attemptCutoff, 3), daysBefore(attemptCutoff, 2)];
    const myTarget = await mine.target("PUBLISHED", old);
    const theirTarget = await theirs.target("PUBLISHED", old);

    await prunePublishAttempts(
      { db: db() },
      { before: attemptCutoff, batchSize: 100, maxBatches: 10, workspaceId: mine.workspaceId },
    );

    expect(await numbersOf(myTarget)).toEqual([2]);
    expect(await numbersOf(theirTarget)).toEqual([1, 2]);
  });

  it("stops after its batches with a cursor, and a run from the cursor finishes the same pass", async () => {
    const { workspaceId, target } = await setUp();
    // 3 targets × 4 old attempts: 9 to delete, 3 last ones to keep, spread over batches of 5.
    const targets = [];
    for (let t = 0; t < 3; t++) {
      targets.push(
        await target(
          "PUBLISHED",
          [40, 30, 20, 10].map((days) => daysBefore(attemptCutoff, days + t)),
        ),
      );
    }
    const options = { before: attemptCutoff, batchSize: 5, maxBatches: 1, workspaceId };

    const first = await prunePublishAttempts({ db: db() }, options);
    expect(first.scanned).toBe(5);
    expect(first.next).not.toBeNull();
    const second = await prunePublishAttempts({ db: db() }, { ...options, after: first.next });
    expect(second.scanned).toBe(5);
    const third = await prunePublishAttempts({ db: db() }, { ...options, after: second.next });
    // Two rows left in the pass: fewer than a batch, so the pass is over.
    expect(third).toMatchObject({ scanned: 2, next: null });

    expect(first.deleted + second.deleted + third.deleted).toBe(9);
    for (const targetId of targets) expect(await numbersOf(targetId)).toEqual([4]);
  });

  it("resumes across sweep runs from the stored cursor and starts a new pass once one ends", async () => {
    const { workspaceId, target } = await setUp();
    const old = [30, 20, 10].map((days) => daysBefore(attemptCutoff, days));
    const first = await target("PUBLISHED", old);
    const second = await target("FAILED", old);
    const cursor = memoryCursor();
    const run = () =>
      runRetentionSweep({ db: db(), now: () => NOW, cursor }, policy, {
        batchSize: 2,
        maxBatches: 1,
        workspaceId,
      });

    const one = await run();
    expect(one).toMatchObject({ attemptsScanned: 2, attemptsPassDone: false });
    expect(cursor.current).not.toBeNull();
    // Runs until the pass says it is done; each run only ever goes forward.
    const reports = [one];
    while (!reports.at(-1)?.attemptsPassDone && reports.length < 10) reports.push(await run());
    expect(reports.at(-1)?.attemptsPassDone).toBe(true);
    expect(cursor.current).toBeNull();
    expect(reports.reduce((sum, r) => sum + r.attemptsDeleted, 0)).toBe(4);
    expect(reports.reduce((sum, r) => sum + r.attemptsScanned, 0)).toBe(6);
    expect(await numbersOf(first)).toEqual([3]);
    expect(await numbersOf(second)).toEqual([3]);

    // A new pass finds a target that finished since (its attempts were behind the old cursor).
    const late = await target("PENDING", old);
    await run();
    await db().storyTarget.update({ where: { id: late }, data: { state: "PUBLISHED" } });
    for (let i = 0; i < 10 && (await numbersOf(late)).length > 1; i++) await run();
    expect(await numbersOf(late)).toEqual([3]);
  });
});

describe("pruning sent outboxes", () => {
  async function outboxes(workspaceId: string) {
    const sealed = { keyId: "k", iv: Buffer.alloc(12), tag: Buffer.alloc(16), ciphertext: Buffer.alloc(8) };
    const webhook = await db().webhook.create({
      data: {
        workspaceId,
        url: "https://example.test/hook",
        events: ["story.published"],
        secretKeyId: sealed.keyId,
        secretIv: sealed.iv,
        secretTag: sealed.tag,
        secretCiphertext: sealed.ciphertext,
      },
    });
    const chat = await db().chatWebhook.create({
      data: {
        workspaceId,
        urlHost: "chat.example.test",
        urlTail: "abcd",
        urlKeyId: sealed.keyId,
        urlIv: sealed.iv,
        urlTag: sealed.tag,
        urlCiphertext: sealed.ciphertext,
        kinds: [],
      },
    });
    const delivery = (status: "PENDING" | "DELIVERED" | "FAILED", createdAt: Date) =>
      db().webhookDelivery.create({
        data: {
          workspaceId,
          webhookId: webhook.id,
          eventId: randomUUID(),
          eventType: "story.published",
          payload: {},
          status,
          createdAt,
        },
        select: { id: true },
      });
    const post = (status: "PENDING" | "DELIVERED" | "FAILED", createdAt: Date) =>
      db().chatMessage.create({
        data: { workspaceId, chatWebhookId: chat.id, kind: "story.failed", text: "x", status, createdAt },
        select: { id: true },
      });
    return { delivery, post };
  }

  const delivered = new Date(NOW.getTime() - 30 * DAY);
  const failed = new Date(NOW.getTime() - 90 * DAY);
  const remaining = async (workspaceId: string) => ({
    deliveries: (await db().webhookDelivery.findMany({ where: { workspaceId }, select: { id: true } })).map(
      (r) => r.id,
    ),
    posts: (await db().chatMessage.findMany({ where: { workspaceId }, select: { id: true } })).map(
      (r) => r.id,
    ),
  });

  it("deletes delivered rows past their age and failed ones past theirs, never a pending one", async () => {
    const mine = (await makeWorkspace(db())).workspace.id;
    const theirs = (await makeWorkspace(db())).workspace.id;
    const { delivery, post } = await outboxes(mine);
    const other = await outboxes(theirs);
    const justOut = new Date(delivered.getTime() - 1);
    const keep = [
      await delivery("DELIVERED", delivered),
      await delivery("FAILED", daysBefore(delivered, 10)),
      await delivery("FAILED", failed),
      await delivery("PENDING", daysBefore(failed, 100)),
    ];
    const keepPosts = [await post("DELIVERED", delivered), await post("PENDING", daysBefore(failed, 100))];
    await delivery("DELIVERED", justOut);
    await delivery("FAILED", new Date(failed.getTime() - 1));
    await post("DELIVERED", justOut);
    await post("FAILED", daysBefore(failed, 1));
    const theirOld = await other.delivery("DELIVERED", daysBefore(failed, 1));

    const result = await pruneSentOutboxes(
      { db: db() },
      { deliveredBefore: delivered, failedBefore: failed, batchSize: 100, maxBatches: 10, workspaceId: mine },
    );

    expect(result).toEqual({ deleted: { WebhookDelivery: 2, ChatMessage: 2 }, done: true });
    const left = await remaining(mine);
    expect(left.deliveries.sort()).toEqual(keep.map((r) => r.id).sort());
    expect(left.posts.sort()).toEqual(keepPosts.map((r) => r.id).sort());
    expect((await remaining(theirs)).deliveries).toEqual([theirOld.id]);
  });

  it("deletes at most a batch per statement and says when rows are left for the next run", async () => {
    const workspaceId = (await makeWorkspace(db())).workspace.id;
    const { delivery } = await outboxes(workspaceId);
    for (let i = 0; i < 5; i++) await delivery("DELIVERED", daysBefore(delivered, i + 1));
    const options = {
      deliveredBefore: delivered,
      failedBefore: failed,
      batchSize: 2,
      maxBatches: 2,
      workspaceId,
    };

    const first = await pruneSentOutboxes({ db: db() }, options);
    expect(first).toEqual({ deleted: { WebhookDelivery: 4, ChatMessage: 0 }, done: false });
    const second = await pruneSentOutboxes({ db: db() }, options);
    expect(second).toEqual({ deleted: { WebhookDelivery: 1, ChatMessage: 0 }, done: true });
    expect((await remaining(workspaceId)).deliveries).toEqual([]);
  });
});

describe("pruning notices", () => {
  const readCutoff = daysBefore(NOW, policy.readNoticeDays);
  const unreadCutoff = daysBefore(NOW, policy.unreadNoticeDays);
  const notice = (workspaceId: string, userId: string, createdAt: Date, readAt: Date | null) =>
    db().notification.create({
      data: { workspaceId, userId, kind: "story.failed", title: "Failed", body: "", createdAt, readAt },
      select: { id: true },
    });
  const left = async (workspaceId: string) =>
    (await db().notification.findMany({ where: { workspaceId }, select: { id: true } }))
      .map((n) => n.id)
      .sort();

  it("deletes read notices past their age and unread ones past theirs, in its workspace only", async () => {
    const mine = await makeWorkspace(db());
    const theirs = await makeWorkspace(db());
    const at = (workspace: typeof mine, createdAt: Date, read: boolean) =>
      notice(workspace.workspace.id, workspace.ownerId, createdAt, read ? createdAt : null);
    const keep = [
      await at(mine, readCutoff, true),
      await at(mine, daysBefore(readCutoff, 10), false),
      await at(mine, unreadCutoff, false),
      await at(mine, NOW, false),
    ];
    await at(mine, new Date(readCutoff.getTime() - 1), true);
    await at(mine, new Date(unreadCutoff.getTime() - 1), false);
    const theirOld = await at(theirs, daysBefore(unreadCutoff, 1), true);

    const report = await runRetentionSweep({ db: db(), now: () => NOW, cursor: memoryCursor() }, policy, {
      batchSize: 100,
      maxBatches: 10,
      workspaceId: mine.workspace.id,
    });

    expect(report).toMatchObject({ noticesDeleted: 2, noticesDone: true });
    expect(await left(mine.workspace.id)).toEqual(keep.map((n) => n.id).sort());
    expect(await left(theirs.workspace.id)).toEqual([theirOld.id]);
  });

  it("deletes at most a batch per statement and says when notices are left for the next run", async () => {
    const { workspace, ownerId } = await makeWorkspace(db());
    for (let i = 0; i < 5; i++) {
      const createdAt = daysBefore(readCutoff, i + 1);
      await notice(workspace.id, ownerId, createdAt, createdAt);
    }
    const options = {
      readBefore: readCutoff,
      unreadBefore: unreadCutoff,
      batchSize: 2,
      maxBatches: 2,
      workspaceId: workspace.id,
    };

    expect(await pruneNotices({ db: db() }, options)).toEqual({ deleted: 4, done: false });
    expect(await pruneNotices({ db: db() }, options)).toEqual({ deleted: 1, done: true });
    expect(await left(workspace.id)).toEqual([]);
  });
});
