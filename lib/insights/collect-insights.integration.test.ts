import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startPrivateRedis } from "@/bench/support/private-redis";
import { authSecret } from "@/lib/channels/credentials";
import { readCredentials } from "@/lib/channels/read-credentials";
import { INSIGHT_SLOT_AFTER_MS, type InsightSlot, STORY_LIVE_MS } from "@/lib/core/insights";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { instagramPublisher } from "@/lib/publishers/instagram/instagram-publisher";
import { waitUntil } from "@/test/assert/wait-until";
import { type InsightsKit, startInsightsKit } from "@/test/insights/insights-test-kit";
import { collectInsight } from "./collect-insight";

const MINUTE = 60_000;

let redis: Awaited<ReturnType<typeof startPrivateRedis>>;
let kit: InsightsKit;

beforeAll(async () => {
  redis = await startPrivateRedis();
  kit = await startInsightsKit({
    redisUrl: redis.url,
    // Small budgets, so a test can bring an account near its limit with a few dozen calls.
    simulator: { usage: { accountCallsPerHour: 40, insightsCost: 3 } },
  });
}, 60_000);

afterEach(() => kit?.stopWorkers());

afterAll(async () => {
  await kit?.close();
  await redis?.stop();
});

/** Moves both clocks to `ms` after the test began (the story went out at about 0). */
function clockTo() {
  let at = 0;
  return async (ms: number) => {
    await kit.advance(ms - at);
    at = ms;
  };
}
/** Half a minute after a slot opens: the sweep (every 100 ms here) finds it due. */
const justAfter = (slot: InsightSlot) => INSIGHT_SLOT_AFTER_MS[slot] + MINUTE / 2;

const snapshotsOf = (workspaceId: string, targetId: string) =>
  db().insightSnapshot.findMany({
    where: { workspaceId, targetId },
    orderBy: [{ capturedAt: "asc" }, { targetFrameId: "asc" }],
  });

async function waitForSlot(workspaceId: string, targetId: string, slot: InsightSlot, frames: number) {
  return waitUntil(
    async () => {
      const rows = (await snapshotsOf(workspaceId, targetId)).filter((row) => row.slot === slot);
      return rows.length >= frames ? rows : undefined;
    },
    { timeoutMs: 15_000, what: `${frames} ${slot} snapshot(s)` },
  );
}

describe("collecting a published story's numbers", () => {
  it("reads every slot over 24 h through a worker crash and a Redis flush; the final lands; Facebook and WhatsApp get nothing", async () => {
    const space = await kit.workspace();
    await kit.subscribe(space);
    const story = await kit.publish(space, 2);
    const ig = story.targets.find((t) => t.channel.platform === "INSTAGRAM");
    if (!ig) throw new Error("no Instagram target");
    const to = clockTo();
    const callsBefore = await kit.insightCalls();

    const first = kit.startWorker(space);
    await to(justAfter("H1"));
    await waitForSlot(space.workspace.id, ig.id, "H1", 2);
    await to(justAfter("H6"));
    await waitForSlot(space.workspace.id, ig.id, "H6", 2);

    // The worker dies, and Redis loses every job (the next slot's delayed ones among them).
    await first.close();
    await redis.flush();

    await to(justAfter("H12"));
    const second = kit.startWorker(space);
    await waitForSlot(space.workspace.id, ig.id, "H12", 2);
    await to(justAfter("H20"));
    await waitForSlot(space.workspace.id, ig.id, "H20", 2);
    await to(justAfter("FINAL"));
    await waitForSlot(space.workspace.id, ig.id, "FINAL", 2);

    const rows = await snapshotsOf(space.workspace.id, ig.id);
    expect(rows.every((row) => row.source === "POLL" && row.outcome === "OK")).toBe(true);
    for (const frame of ig.frames) {
      const mine = rows.filter((row) => row.targetFrameId === frame.id);
      expect(mine.map((row) => row.slot)).toEqual(["H1", "H6", "H12", "H20", "FINAL"]);
      const reach = mine.map((row) => row.reach ?? -1);
      for (let i = 1; i < reach.length; i++) expect(reach[i]).toBeGreaterThanOrEqual(reach[i - 1] as number);
      // Fast early growth that flattens.
      expect((reach[1] as number) - (reach[0] as number)).toBeGreaterThan(
        (reach[4] as number) - (reach[2] as number),
      );
    }
    // One call per planned reading: nothing read twice, nothing lost to the crash or the flush.
    expect((await kit.insightCalls()) - callsBefore).toBe(10);

    const latest = await db().frameInsight.findMany({
      where: { workspaceId: space.workspace.id, targetId: ig.id },
      orderBy: { position: "asc" },
    });
    expect(latest.map((row) => row.final)).toEqual([true, true]);
    const [one, two] = latest;
    expect(two?.reach).toBeLessThan(one?.reach ?? 0);
    // Those who tapped forward on the first frame are (within a viewer) the second's.
    expect(Math.abs((one?.tapForward ?? 0) - (two?.reach ?? 0))).toBeLessThanOrEqual(1);

    const events = await db().webhookDelivery.findMany({
      where: { workspaceId: space.workspace.id, eventType: "story.insights_final" },
    });
    expect(events).toHaveLength(1);
    expect(events[0]?.payload).toMatchObject({
      data: { story: { id: story.id }, target: { id: ig.id, frames: [{ position: 0 }, { position: 1 }] } },
    });
    expect(JSON.stringify(events[0]?.payload)).not.toMatch(/username|viewer/i);
    expect(
      (await db().storyTarget.findUniqueOrThrow({ where: { id: ig.id } })).insightsFinalAt,
    ).not.toBeNull();

    // Facebook and WhatsApp report no story numbers: nothing is stored, not even zeros.
    const others = story.targets.filter((t) => t.id !== ig.id);
    expect(await db().insightSnapshot.count({ where: { targetId: { in: others.map((t) => t.id) } } })).toBe(
      0,
    );
    expect(await db().frameInsight.count({ where: { targetId: { in: others.map((t) => t.id) } } })).toBe(0);
    const facebookFrame = others[0]?.frames[0];
    if (!facebookFrame) throw new Error("no other frame");
    expect(
      await collectInsight(second.deps, {
        targetFrameId: facebookFrame.id,
        workspaceId: space.workspace.id,
        slot: "H1",
      }),
    ).toMatchObject({ kind: "skipped" });

    // After 24 h nothing is due any more.
    await to(STORY_LIVE_MS + MINUTE);
    expect(await second.sweepNow()).toEqual({ due: 0, queued: 0 });
  });

  it("stores Instagram's error 10 as too few viewers, not a failure, and numbers replace it later", async () => {
    const space = await kit.workspace();
    const story = await kit.publish(space, 1);
    const ig = story.targets.find((t) => t.channel.platform === "INSTAGRAM");
    if (!ig) throw new Error("no Instagram target");
    await kit.pipeline.fault({
      kind: "error",
      platform: "instagram",
      operation: "insights",
      accountId: ig.channel.externalAccountId,
      code: 10,
      message: "(#10) Not enough viewers for the media to show insights",
      count: 1,
    });
    const to = clockTo();
    kit.startWorker(space);
    await to(justAfter("H1"));
    const [h1] = await waitForSlot(space.workspace.id, ig.id, "H1", 1);
    expect(h1).toMatchObject({ outcome: "TOO_FEW_VIEWERS", reach: null, views: null });
    const frameId = ig.frames[0]?.id ?? "";
    expect(await db().frameInsight.findUnique({ where: { targetFrameId: frameId } })).toMatchObject({
      outcome: "TOO_FEW_VIEWERS",
      reach: null,
    });

    await to(justAfter("H6"));
    const [h6] = await waitForSlot(space.workspace.id, ig.id, "H6", 1);
    expect(h6?.outcome).toBe("OK");
    const latest = await db().frameInsight.findUniqueOrThrow({ where: { targetFrameId: frameId } });
    expect(latest.outcome).toBe("OK");
    expect(latest.reach).toBeGreaterThan(0);
  });

  it("thins non-final readings when publishing brought the account near its limit, and never the final one", async () => {
    const space = await kit.workspace();
    const story = await kit.publish(space, 1);
    const ig = story.targets.find((t) => t.channel.platform === "INSTAGRAM");
    if (!ig) throw new Error("no Instagram target");
    const to = clockTo();
    const worker = kit.startWorker(space);
    const box = secretBoxFromEnv(env());
    const account = {
      externalAccountId: ig.channel.externalAccountId,
      secret: authSecret(await readCredentials(db(), box, ig.channel)),
      config: {},
    };
    // Publishing-side calls whose usage headers land in the book the readings consult (as the
    // publish pipeline's do in workers/pipeline-deps.ts).
    const busyPublishing = async (calls: number) => {
      const endpoints = {
        ...worker.deps.endpointsFor(ig.channel),
        onUsage: (usage: Parameters<typeof worker.deps.usage.record>[0]) =>
          void worker.deps.usage.record(usage, kit.now()),
      };
      for (let i = 0; i < calls; i++) await instagramPublisher.publishingQuota?.(account, endpoints);
      return waitUntil(
        async () => {
          const seen = await worker.deps.usage.read(account.externalAccountId, kit.now());
          return seen && seen.percent >= 80 ? seen : undefined;
        },
        { timeoutMs: 5_000, what: "the usage book to see the account near its limit" },
      );
    };

    await to(justAfter("H1"));
    await waitForSlot(space.workspace.id, ig.id, "H1", 1);

    await to(INSIGHT_SLOT_AFTER_MS.H6 - 2 * MINUTE);
    const near = await busyPublishing(33);
    expect(near.percent).toBeLessThan(100);
    const calls = await kit.insightCalls();
    await to(justAfter("H6"));
    const [h6] = await waitForSlot(space.workspace.id, ig.id, "H6", 1);
    expect(h6).toMatchObject({ outcome: "THINNED", reach: null });
    expect(await kit.insightCalls()).toBe(calls);

    // An hour later the budget rolled over: readings go ahead again.
    await to(justAfter("H12"));
    expect((await waitForSlot(space.workspace.id, ig.id, "H12", 1))[0]?.outcome).toBe("OK");
    await to(justAfter("H20"));
    await waitForSlot(space.workspace.id, ig.id, "H20", 1);

    await to(INSIGHT_SLOT_AFTER_MS.FINAL - 2 * MINUTE);
    await busyPublishing(33);
    await to(justAfter("FINAL"));
    const [final] = await waitForSlot(space.workspace.id, ig.id, "FINAL", 1);
    expect(final?.outcome).toBe("OK");
    expect(final?.reach).toBeGreaterThan(0);
    const slots = (await snapshotsOf(space.workspace.id, ig.id)).map((row) => `${row.slot}:${row.outcome}`);
    expect(slots).toEqual(["H1:OK", "H6:THINNED", "H12:OK", "H20:OK", "FINAL:OK"]);
  });

  it("thins a reading the platform throttles, and tries a throttled final again until it lands", async () => {
    const space = await kit.workspace();
    const story = await kit.publish(space, 1);
    const ig = story.targets.find((t) => t.channel.platform === "INSTAGRAM");
    if (!ig) throw new Error("no Instagram target");
    const throttle = () =>
      kit.pipeline.fault({
        kind: "error",
        platform: "instagram",
        operation: "insights",
        accountId: ig.channel.externalAccountId,
        code: 80002,
        message: "There have been too many calls to this Instagram account.",
        isTransient: true,
        count: 1,
      });
    const to = clockTo();
    kit.startWorker(space);
    await throttle();
    await to(justAfter("H1"));
    expect((await waitForSlot(space.workspace.id, ig.id, "H1", 1))[0]?.outcome).toBe("THINNED");

    await to(justAfter("FINAL"));
    const calls = await kit.insightCalls();
    await throttle();
    const [final] = await waitForSlot(space.workspace.id, ig.id, "FINAL", 1);
    expect(final?.outcome).toBe("OK");
    // Refused once, then read: the final reading is never given up while the story is live.
    expect((await kit.insightCalls()) - calls).toBe(2);
  });
});
