import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerSandboxAccounts } from "@/lib/channels/register-sandbox-accounts";
import { db } from "@/lib/db/client";
import { cancelStory } from "@/lib/stories/cancel-story";
import { rescheduleStory } from "@/lib/stories/reschedule-story";
import { scheduleStory } from "@/lib/stories/schedule-story";
import { makeBrand, makeMember, makeSandboxChannels, makeWorkspace } from "@/prisma/factories";
import { expectAppError } from "@/test/assert/expect-app-error";
import { eventually, type Pipeline, startPipeline } from "@/test/publishing/pipeline-test-kit";
import { completeHandoff } from "./complete-handoff";
import { publishTarget } from "./publish-target";
import { resumeHeldTargets } from "./resume-held-targets";
import { sweep } from "./sweep";

const FINAL = ["PUBLISHED", "PARTIAL", "FAILED", "EXPIRED", "CANCELED"];

describe("publish pipeline", () => {
  let p: Pipeline;
  beforeAll(async () => {
    p = await startPipeline();
  }, 60_000);
  afterAll(() => p.close());

  const schedule = (frames: string[], options: { channelIds?: string[]; inMs?: number } = {}) =>
    scheduleStory(p.deps, p.ctx, {
      brandId: p.brand.id,
      channelIds: options.channelIds ?? p.channels.map((c) => c.id),
      frames,
      when: options.inMs ? { at: new Date(Date.now() + options.inMs).toISOString() } : { now: true },
    });

  const storyState = (id: string) =>
    db().story.findUniqueOrThrow({
      where: { id },
      include: {
        targets: { include: { frames: { orderBy: { position: "asc" } }, attempts: true, channel: true } },
      },
    });
  const settled = (id: string, timeoutMs?: number) =>
    eventually(
      () => storyState(id),
      (s) => FINAL.includes(s.status),
      timeoutMs,
    );

  it("publishes an image story to all three channels, exactly once each", async () => {
    const image = await p.image();
    const story = await schedule([image.id]);
    const done = await settled(story.id);
    expect(done.status).toBe("PUBLISHED");
    expect(done.targets.map((t) => t.state)).toEqual(["PUBLISHED", "PUBLISHED", "PUBLISHED"]);
    const entries = (await p.ledger()).filter((e) => e.mediaSha256 === image.checksum);
    expect(entries).toHaveLength(3);
    expect(new Set(entries.map((e) => e.accountId))).toEqual(
      new Set(p.channels.map((c) => c.externalAccountId)),
    );
    for (const target of done.targets) {
      expect(target.frames[0]?.externalMediaId).toBeTruthy();
      expect(target.attempts.map((a) => a.outcome)).toContain("SUCCEEDED");
    }
  });

  it("publishes a video story, waiting for processing without blocking", async () => {
    const clip = await p.video();
    const story = await schedule([clip.id]);
    const done = await settled(story.id);
    expect(done.status).toBe("PUBLISHED");
    expect((await p.ledger()).filter((e) => e.mediaSha256 === clip.checksum)).toHaveLength(3);
  });

  it("publishes a three-frame story as three stories per channel, in order", async () => {
    const frames = [await p.image(), await p.video(), await p.image()];
    const story = await schedule(frames.map((f) => f.id));
    const done = await settled(story.id, 30_000);
    expect(done.status).toBe("PUBLISHED");
    const ledger = await p.ledger();
    for (const channel of p.channels) {
      const order = ledger
        .filter(
          (e) =>
            e.accountId === channel.externalAccountId && frames.some((f) => f.checksum === e.mediaSha256),
        )
        .map((e) => e.mediaSha256);
      expect(order).toEqual(frames.map((f) => f.checksum));
    }
  });

  it("never publishes before the scheduled instant", async () => {
    const image = await p.image();
    const story = await schedule([image.id], { inMs: 1_500 });
    await settled(story.id);
    const scheduledAt =
      (await db().story.findUniqueOrThrow({ where: { id: story.id } })).scheduledAt?.getTime() ?? 0;
    const entries = (await p.ledger()).filter((e) => e.mediaSha256 === image.checksum);
    expect(entries).toHaveLength(3);
    for (const entry of entries)
      expect((entry as unknown as { receivedAt: number }).receivedAt).toBeGreaterThanOrEqual(scheduledAt);
  });

  it("does not hold a target that is not due soon: it waits in the queue until just before its time", async () => {
    const image = await p.image();
    const story = await schedule([image.id], { inMs: 3_600_000 });
    // As if dispatched far too early (a recovery, a retry): the story is PUBLISHING an hour ahead.
    await db().story.update({ where: { id: story.id }, data: { status: "PUBLISHING" } });
    const target = await db().storyTarget.findFirstOrThrow({ where: { storyId: story.id } });
    const job = { targetId: target.id, workspaceId: target.workspaceId, storyVersion: story.version };
    const started = Date.now();
    const outcome = await publishTarget(p.deps, job);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(outcome).toMatchObject({ kind: "wait", reason: "not due yet" });
    if (outcome.kind !== "wait") return;
    expect(outcome.delayMs).toBeGreaterThan(3_500_000);
    expect(outcome.delayMs).toBeLessThanOrEqual(3_600_000);
    const after = await db().storyTarget.findUniqueOrThrow({ where: { id: target.id } });
    expect(after).toMatchObject({ state: "PENDING", attemptCount: 0, leaseToken: null });
    expect((await p.ledger()).filter((e) => e.mediaSha256 === image.checksum)).toHaveLength(0);
    await cancelStory(p.deps, p.ctx, story.id);
  });

  it("retries a 5xx and still publishes once", async () => {
    const image = await p.image();
    const instagram = p.channels[0];
    await p.fault({
      platform: "instagram",
      accountId: instagram?.externalAccountId,
      operation: "create_container",
      kind: "http_status",
      status: 502,
      count: 1,
    });
    const story = await schedule([image.id], { channelIds: [instagram?.id ?? ""] });
    const done = await settled(story.id, 30_000);
    expect(done.status).toBe("PUBLISHED");
    expect(done.targets[0]?.attemptCount).toBe(2);
    expect((await p.ledger()).filter((e) => e.mediaSha256 === image.checksum)).toHaveLength(1);
  });

  it("adopts a story that went live although its answer was lost, instead of publishing again", async () => {
    const image = await p.image();
    const facebook = p.channels[1];
    await p.fault({
      platform: "facebook",
      accountId: facebook?.externalAccountId,
      operation: "photo_story",
      kind: "http_status",
      status: 504,
      when: "after",
      count: 1,
    });
    const story = await schedule([image.id], { channelIds: [facebook?.id ?? ""] });
    const done = await settled(story.id, 30_000);
    expect(done.status).toBe("PUBLISHED");
    expect((await p.ledger()).filter((e) => e.mediaSha256 === image.checksum)).toHaveLength(1);
    expect(
      done.targets[0]?.frames[0]?.externalPostId ?? done.targets[0]?.frames[0]?.externalMediaId,
    ).toBeTruthy();
  });

  it("fails fast with the platform's reason for media it refuses", async () => {
    const pngBytes = Buffer.from(
      "89504e470d0a1a0a0000000d49484452000004380000078008020000000000000049454e44ae426082",
      "hex",
    );
    const asset = await db().mediaAsset.create({
      data: {
        workspaceId: p.workspace.id,
        kind: "IMAGE",
        status: "READY",
        mimeType: "image/jpeg",
        originalName: "not-really.jpg",
        sizeBytes: pngBytes.length,
        checksum: createHash("sha256").update(pngBytes).digest("hex"),
        storageKey: `${p.workspace.id}/png-as-jpeg.jpg`,
      },
    });
    p.media.serve(`/${asset.storageKey}`, pngBytes, "image/jpeg");
    const instagram = p.channels[0];
    const story = await schedule([asset.id], { channelIds: [instagram?.id ?? ""] });
    const done = await settled(story.id);
    expect(done.status).toBe("FAILED");
    expect(done.targets[0]).toMatchObject({ state: "FAILED", lastErrorClass: "INVALID_CONTENT" });
    expect(done.targets[0]?.lastErrorMessage).toMatch(/JPEG/i);
  });

  it("holds targets of a channel whose token expired, and publishes them after reconnecting", async () => {
    const image = await p.image();
    const whatsapp = p.channels[2];
    await p.fault({
      platform: "whatsapp",
      accountId: whatsapp?.externalAccountId,
      kind: "session_state",
      state: "SCAN_QR_CODE",
    });
    const story = await schedule([image.id], { channelIds: [whatsapp?.id ?? ""] });
    const held = await eventually(
      () => storyState(story.id),
      (s) => s.targets[0]?.state === "NEEDS_REAUTH",
    );
    expect(held.status).toBe("PUBLISHING");
    expect(held.targets[0]?.channel.status).toBe("NEEDS_REAUTH");
    const notices = await db().notification.findMany({
      where: { workspaceId: p.workspace.id, kind: "channel.needs_reauth" },
    });
    expect(notices.length).toBeGreaterThan(0);
    expect((await p.ledger()).filter((e) => e.mediaSha256 === image.checksum)).toHaveLength(0);

    await p.fault({
      platform: "whatsapp",
      accountId: whatsapp?.externalAccountId,
      kind: "session_state",
      state: "WORKING",
    });
    await db().channel.update({
      where: { id: whatsapp?.id },
      data: { status: "CONNECTED", statusReason: null },
    });
    expect(await resumeHeldTargets(p.deps, { id: whatsapp?.id ?? "", workspaceId: p.workspace.id })).toBe(1);
    const done = await settled(story.id);
    expect(done.status).toBe("PUBLISHED");
    expect((await p.ledger()).filter((e) => e.mediaSha256 === image.checksum)).toHaveLength(1);
  });

  it("never publishes a story canceled before it is due", async () => {
    const image = await p.image();
    const story = await schedule([image.id], { inMs: 4_000 });
    const result = await cancelStory(p.deps, p.ctx, story.id);
    expect(result.skipped).toBe(3);
    const done = await storyState(story.id);
    expect(done.status).toBe("CANCELED");
    // The old dispatch job may still fire; let the sweep and workers run past the due time.
    await eventually(
      async () => Date.now(),
      (now) => now > (story.scheduledAt?.getTime() ?? 0) + 1_500,
      10_000,
    );
    await sweep(p.deps);
    expect((await p.ledger()).filter((e) => e.mediaSha256 === image.checksum)).toHaveLength(0);
    await expectAppError(cancelStory(p.deps, p.ctx, story.id), "CONFLICT");
  });

  it("two workers running the same target publish it once", async () => {
    const image = await p.image();
    const instagram = p.channels[0];
    // Scheduled in the future so the queue's own workers do not start it; run it by hand, twice at once.
    const story = await schedule([image.id], { channelIds: [instagram?.id ?? ""], inMs: 60_000 });
    await db().story.update({
      where: { id: story.id },
      data: { status: "PUBLISHING", scheduledAt: new Date() },
    });
    const target = await db().storyTarget.findFirstOrThrow({ where: { storyId: story.id } });
    const job = { targetId: target.id, workspaceId: p.workspace.id, storyVersion: story.version };
    const outcomes = await Promise.all([
      publishTarget(p.deps, job),
      publishTarget(p.deps, job),
      publishTarget(p.deps, job),
    ]);
    expect(outcomes.filter((o) => o.kind === "ended")).toHaveLength(1);
    expect((await p.ledger()).filter((e) => e.mediaSha256 === image.checksum)).toHaveLength(1);
  });

  it("recovers a due story from the database alone when Redis lost its jobs", async () => {
    const image = await p.image();
    // Due in 5 s: its dispatch job is still delayed in Redis when Redis loses it.
    const story = await schedule([image.id], { inMs: 5_000 });
    await p.deps.queues.dispatch.obliterate({ force: true });
    expect(await p.deps.queues.dispatch.getJobCounts("delayed", "wait")).toEqual({ delayed: 0, wait: 0 });
    const report = await sweep(p.deps);
    expect(report.dispatched).toBeGreaterThanOrEqual(1);
    const done = await settled(story.id);
    expect(done.status).toBe("PUBLISHED");
    expect((await p.ledger()).filter((e) => e.mediaSha256 === image.checksum)).toHaveLength(3);
  });

  /**
   * What a crash of Postgres right after a published target's end commits leaves: the intent
   * (flushed before the publish call) and the claim's lease, but no end and no roll-up. `intentAt`
   * moves the intent's time.
   */
  async function loseEnd(story: Awaited<ReturnType<typeof settled>>, intentAt?: Date) {
    const target = story.targets[0];
    const frame = target?.frames[0];
    if (!target || !frame?.publishIntentAt) throw new Error("no published frame with its intent");
    await db().$transaction([
      db().storyTargetFrame.update({
        where: { id: frame.id },
        data: { state: "PUBLISHING", externalMediaId: null, publishedAt: null, publishIntentAt: intentAt },
      }),
      db().storyTarget.update({
        where: { id: target.id },
        data: {
          state: "PUBLISHING",
          publishedAt: null,
          permalink: null,
          leaseToken: "a run Postgres forgot",
          leaseExpiresAt: new Date(Date.now() - 1_000),
        },
      }),
      db().story.update({ where: { id: story.id }, data: { status: "PUBLISHING", publishedAt: null } }),
    ]);
    const report = await sweep(p.deps);
    expect(report.dispatched + report.republished).toBeGreaterThanOrEqual(1);
    return frame;
  }

  it("redoes an end that Postgres lost (the end commits without waiting for its flush), once", async () => {
    const image = await p.image();
    const instagram = p.channel("INSTAGRAM");
    const done = await settled((await schedule([image.id], { channelIds: [instagram.id] })).id);
    expect(done.status).toBe("PUBLISHED");
    const frame = await loseEnd(done);
    const redone = await settled(done.id);
    expect(redone.status).toBe("PUBLISHED");
    // The platform was asked, not published to again: the same story, adopted.
    expect(redone.targets[0]?.frames[0]?.externalMediaId).toBe(frame.externalMediaId);
    expect((await p.ledger()).filter((e) => e.mediaSha256 === image.checksum)).toHaveLength(1);
  });

  it("redoing a lost end, adopts its own Instagram story, not a neighbour's stamped after its intent", async () => {
    const instagram = p.channel("INSTAGRAM");
    const [neighbour, own] = [await p.image(), await p.image()];
    const before = await settled((await schedule([neighbour.id], { channelIds: [instagram.id] })).id);
    // Instagram's clock two seconds on: its own story is stamped in a later second than the
    // neighbour's, which Instagram lists after it.
    await p.advance(2_000);
    const done = await settled((await schedule([own.id], { channelIds: [instagram.id] })).id);
    expect([before.status, done.status]).toEqual(["PUBLISHED", "PUBLISHED"]);
    // Its intent as if recorded just before the neighbour went live (in the neighbour's second):
    // Instagram ties a story to its container by time, so by time alone the neighbour's story,
    // the earliest after the intent, would be the one.
    const frame = await loseEnd(done, before.targets[0]?.frames[0]?.publishIntentAt ?? undefined);
    const redone = await settled(done.id);
    expect(redone.status).toBe("PUBLISHED");
    expect(redone.targets[0]?.frames[0]?.externalMediaId).toBe(frame.externalMediaId);
    expect(frame.externalMediaId).not.toBe(before.targets[0]?.frames[0]?.externalMediaId);
    expect((await p.ledger()).filter((e) => e.mediaSha256 === own.checksum)).toHaveLength(1);
  });

  it("refuses a channel of another workspace and changes nothing", async () => {
    const other = await makeWorkspace(db());
    const otherBrand = await makeBrand(db(), other.workspace.id);
    const before = await db().story.count({ where: { workspaceId: p.workspace.id } });
    const image = await p.image();
    await expectAppError(
      scheduleStory(p.deps, other.ctx, {
        brandId: otherBrand.id,
        channelIds: [p.channels[0]?.id ?? ""],
        frames: [image.id],
        when: { now: true },
      }),
      "NOT_FOUND",
    );
    expect(await db().story.count({ where: { workspaceId: p.workspace.id } })).toBe(before);
  });

  it("publishes nothing for targets a racing cancel skipped", async () => {
    const stories = [];
    for (let i = 0; i < 8; i++) {
      const image = await p.image();
      stories.push({ image, story: await schedule([image.id]) });
    }
    // Cancel while the pipeline is already at work on them: some cancels win, some lose.
    const results = await Promise.allSettled(
      stories.map(({ story }) => cancelStory(p.deps, p.ctx, story.id)),
    );
    expect(results.every((r) => r.status === "fulfilled" || r.reason?.code === "CONFLICT")).toBe(true);
    for (const { image, story } of stories) {
      const done = await eventually(
        () => storyState(story.id),
        (s) => s.targets.every((t) => ["PUBLISHED", "SKIPPED", "FAILED"].includes(t.state)),
      );
      const live = (await p.ledger()).filter((e) => e.mediaSha256 === image.checksum).map((e) => e.accountId);
      for (const target of done.targets) {
        const published = live.filter((account) => account === target.channel.externalAccountId);
        expect(published, `${target.state} target`).toHaveLength(target.state === "PUBLISHED" ? 1 : 0);
      }
    }
  });

  it("a reschedule turns the old dispatch job into a no-op", async () => {
    const image = await p.image();
    // Due in 4 s, so its dispatch job (1.5 s early) is still waiting when the story moves.
    const story = await schedule([image.id], { inMs: 4_000 });
    await rescheduleStory(p.deps, p.ctx, story.id, {
      when: { at: new Date(Date.now() + 3_600_000).toISOString() },
    });
    // Past the original time plus the dispatch lead: the v1 job has fired and must have done nothing.
    await eventually(
      async () => Date.now(),
      (now) => now > (story.scheduledAt?.getTime() ?? 0) + 2_000,
      10_000,
    );
    const current = await storyState(story.id);
    expect(current).toMatchObject({ status: "SCHEDULED", version: 2 });
    expect(current.targets.every((t) => t.state === "PENDING")).toBe(true);
    expect((await p.ledger()).filter((e) => e.mediaSha256 === image.checksum)).toHaveLength(0);
    await cancelStory(p.deps, p.ctx, story.id);
  });

  it("expires a story past its freshness deadline instead of publishing it late", async () => {
    const image = await p.image();
    // Due far enough ahead that the deadline is moved before the dispatch job (1.5 s early) runs.
    const story = await schedule([image.id], { inMs: 5_000 });
    await db().story.update({
      where: { id: story.id },
      data: { freshnessDeadline: new Date(Date.now() - 1_000) },
    });
    const done = await settled(story.id);
    expect(done.status).toBe("EXPIRED");
    expect(done.targets.every((t) => t.state === "EXPIRED")).toBe(true);
    const notice = await db().notification.findFirstOrThrow({
      where: { kind: "story.expired", link: { contains: story.id } },
    });
    expect(notice.userId).toBe(p.ctx.userId);
    expect((await p.ledger()).filter((e) => e.mediaSha256 === image.checksum)).toHaveLength(0);
  });

  it("hands a story to a person on a handoff channel and rolls up when they say it is posted", async () => {
    const handoff = await db().channel.create({
      data: {
        workspaceId: p.workspace.id,
        brandId: p.brand.id,
        platform: "WHATSAPP",
        externalAccountId: `handoff-${Date.now()}`,
        displayName: "WhatsApp (posted by hand)",
        config: { mode: "handoff", assigneeUserId: p.ctx.userId },
      },
    });
    const image = await p.image();
    const story = await schedule([image.id], { channelIds: [handoff.id] });
    const waiting = await eventually(
      () => storyState(story.id),
      (s) => s.targets[0]?.state === "AWAITING_PERSON",
    );
    expect(waiting.status).toBe("PUBLISHING");
    const notice = await db().notification.findFirstOrThrow({
      where: {
        workspaceId: p.workspace.id,
        userId: p.ctx.userId ?? "",
        kind: "handoff.due",
        // The handoff's phone page.
        link: { endsWith: `/handoffs/${waiting.targets[0]?.id}` },
      },
    });
    expect(notice.title).toContain("WhatsApp (posted by hand)");

    const viewer = await makeMember(db(), p.workspace, "VIEWER");
    await expectAppError(
      completeHandoff(p.deps, viewer, waiting.targets[0]?.id ?? "", { posted: true }),
      "FORBIDDEN",
    );
    await completeHandoff(p.deps, p.ctx, waiting.targets[0]?.id ?? "", { posted: true });
    const done = await storyState(story.id);
    expect(done.status).toBe("PUBLISHED");
    expect(done.targets[0]?.frames[0]?.state).toBe("PUBLISHED");
    await expectAppError(
      completeHandoff(p.deps, p.ctx, waiting.targets[0]?.id ?? "", { posted: false }),
      "CONFLICT",
    );
    expect((await p.ledger()).filter((e) => e.mediaSha256 === image.checksum)).toHaveLength(0);
  });

  it("waits out a throttle (code 4) without spending an attempt", async () => {
    const image = await p.image();
    const instagram = p.channels[0];
    await p.fault({
      platform: "instagram",
      accountId: instagram?.externalAccountId,
      operation: "create_container",
      kind: "error",
      code: 4,
      count: 1,
    });
    const story = await schedule([image.id], { channelIds: [instagram?.id ?? ""] });
    const waiting = await eventually(
      () => storyState(story.id),
      (s) => s.targets[0]?.attempts.some((a) => a.errorClass === "RATE_LIMITED") ?? false,
    );
    const target = waiting.targets[0];
    expect(target?.attemptCount).toBe(0);
    expect(target?.state).not.toBe("FAILED");
    // Delayed until the window frees (Graph's throttle: minutes), not retried right away.
    expect(target?.nextAttemptAt?.getTime()).toBeGreaterThan(Date.now() + 60_000);
    expect((await p.ledger()).filter((e) => e.mediaSha256 === image.checksum)).toHaveLength(0);
    await cancelStory(p.deps, p.ctx, story.id);
  });

  it("starts again with a new container when the platform's container fails", async () => {
    const image = await p.image();
    const instagram = p.channels[0];
    await p.fault({
      platform: "instagram",
      accountId: instagram?.externalAccountId,
      kind: "container_error",
      subcode: 2207001,
      count: 1,
    });
    const story = await schedule([image.id], { channelIds: [instagram?.id ?? ""] });
    const done = await settled(story.id, 20_000);
    expect(done.status).toBe("PUBLISHED");
    expect(done.targets[0]?.attempts.some((a) => a.outcome === "RETRY_SCHEDULED")).toBe(true);
    expect((await p.ledger()).filter((e) => e.mediaSha256 === image.checksum)).toHaveLength(1);
  });

  it("flags the channel and holds the story when Instagram says the token expired (190/463)", async () => {
    const { workspace, ctx } = await makeWorkspace(db());
    const brand = await makeBrand(db(), workspace.id);
    const [instagram] = await makeSandboxChannels(db(), p.deps.box, brand, ["INSTAGRAM"]);
    await registerSandboxAccounts({
      db: db(),
      box: p.deps.box,
      simulatorUrl: p.simulator.url,
      logger: p.deps.logger,
    });
    await p.fault({ platform: "instagram", accountId: instagram?.externalAccountId, kind: "expire_token" });
    const image = await p.image(workspace.id);
    const story = await scheduleStory(p.deps, ctx, {
      brandId: brand.id,
      channelIds: [instagram?.id ?? ""],
      frames: [image.id],
      when: { now: true },
    });
    const held = await eventually(
      () => storyState(story.id),
      (s) => s.targets[0]?.state === "NEEDS_REAUTH",
    );
    expect(held.status).toBe("PUBLISHING");
    expect(held.targets[0]).toMatchObject({ lastErrorClass: "REAUTH_REQUIRED", lastErrorCode: "190/463" });
    expect(held.targets[0]?.channel).toMatchObject({ status: "NEEDS_REAUTH" });
    const notice = await db().notification.findFirstOrThrow({
      where: { workspaceId: workspace.id, kind: "channel.needs_reauth" },
    });
    expect(notice.title).toContain("Reconnect");
    await cancelStory(p.deps, ctx, story.id);
  });
});
