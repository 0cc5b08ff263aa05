import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setMetaWebhookDepsForTests, webhookSecrets } from "@/app/api/webhooks/_lib/webhook-deps";
import { db } from "@/lib/db/client";
import { createLogger } from "@/lib/logger";
import { scheduleStory } from "@/lib/stories/schedule-story";
import { waitUntil } from "@/test/assert/wait-until";
import { serveRoute } from "@/test/net/route-server";
import { eventually, type Pipeline, startPipeline } from "@/test/publishing/pipeline-test-kit";
import type { Json } from "@/test/simulators/sim-client";
import { GET, POST } from "./route";

// End to end with the simulator as Meta: a story published to the sandbox Instagram, the
// simulator's app subscribed (after its GET handshake) to this route served over real HTTP, the
// simulated clock moved past the story's 24 hours, and the final numbers arriving as a
// FINAL, WEBHOOK snapshot: the numbers a poll just before expiry read.

const VERIFY_TOKEN = "simulator-e2e-verify-token";
const DAY_MS = 24 * 3_600_000;

let p: Pipeline;
let callback: Awaited<ReturnType<typeof serveRoute>>;

beforeAll(async () => {
  // One quick retry, so a refused delivery has run out of attempts within the test.
  p = await startPipeline({ webhooks: { retryDelaysMs: [200] } });
  // Configured as a sandbox installation is: no app secrets, so the simulators' own app signs.
  setMetaWebhookDepsForTests({
    db: db(),
    logger: createLogger("meta-webhook-e2e", "silent"),
    secrets: webhookSecrets({}),
    verifyToken: VERIFY_TOKEN,
    now: () => new Date(),
  });
  callback = await serveRoute("/api/webhooks/meta", { GET, POST });
}, 60_000);

afterAll(async () => {
  await p?.close();
  await callback?.close();
});

async function sim(method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${p.simulator.url}/_sim/${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/** Publishes a one-frame story to the kit's sandbox Instagram; its frame and the simulator's media. */
async function publishStory() {
  const image = await p.image();
  const instagram = p.channel("INSTAGRAM");
  const story = await scheduleStory(p.deps, p.ctx, {
    brandId: p.brand.id,
    channelIds: [instagram.id],
    frames: [image.id],
    when: { now: true },
  });
  const frame = await eventually(
    () =>
      db().storyTargetFrame.findFirst({
        where: { workspaceId: p.workspace.id, target: { storyId: story.id } },
      }),
    (f) => f?.externalMediaId != null && f.publishedAt != null,
    40_000,
  );
  if (!frame?.externalMediaId) throw new Error("not published");
  const entry = (await p.ledger()).find((e) => e.externalId === frame.externalMediaId) as
    | { publishedAt: number }
    | undefined;
  if (!entry) throw new Error("not in the simulator's ledger");
  return {
    frame,
    mediaId: frame.externalMediaId,
    accountId: instagram.externalAccountId,
    simPublishedAt: entry.publishedAt,
  };
}

/** Moves the simulated clock to `at` (simulated ms). */
async function clockTo(at: number) {
  const { body: clock } = await sim("GET", "clock");
  await sim("POST", "clock", { advanceMs: Math.max(0, Math.ceil(at - clock.now)) });
}

const webhookSnapshots = (frameId: string) =>
  db().insightSnapshot.findMany({ where: { targetFrameId: frameId, source: "WEBHOOK" } });

async function deliveryOf(mediaId: string, done: (d: Json) => boolean) {
  return waitUntil(
    async () => {
      const { body } = await sim("GET", "webhooks");
      const delivery = body.deliveries.find((d: Json) => d.mediaId === mediaId);
      return delivery && done(delivery) ? delivery : undefined;
    },
    { timeoutMs: 15_000, what: `the simulator's delivery for media ${mediaId}` },
  );
}

describe("the simulator's story_insights webhook into /api/webhooks/meta", () => {
  it("refuses to subscribe a callback that does not echo the challenge (a wrong verify token)", async () => {
    const refused = await sim("POST", "webhooks", {
      callbackUrl: callback.url,
      verifyToken: "not-the-token",
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toContain("did not echo hub.challenge");
    expect(refused.body.status).toBe(403);
    expect((await sim("GET", "webhooks")).body.subscription).toBeNull();
  });

  it("delivers a story's final numbers when its 24 h pass, stored as its FINAL, WEBHOOK snapshot", async () => {
    const subscribed = await sim("POST", "webhooks", {
      callbackUrl: callback.url,
      verifyToken: VERIFY_TOKEN,
    });
    expect(subscribed.status).toBe(201);
    expect(subscribed.body.subscription.fields).toEqual(["story_insights", "messages"]);

    const story = await publishStory();
    // Half a minute before expiry, as the last poll would: what the insights call answers then.
    await clockTo(story.simPublishedAt + DAY_MS - 30_000);
    const { body: accounts } = await sim("GET", "accounts");
    const token = accounts.data.find((a: Json) => a.id === story.accountId)?.token;
    const insights = await fetch(
      `${p.simulator.url}/instagram/v25.0/${story.mediaId}/insights?metric=reach,replies,navigation&breakdown=story_navigation_action_type&access_token=${token}`,
    );
    const polled = (await insights.json()) as Json;
    expect(insights.status).toBe(200);
    const value = (name: string) => polled.data.find((m: Json) => m.name === name).values[0].value;
    const navigation = Object.fromEntries(
      polled.data
        .find((m: Json) => m.name === "navigation")
        .total_value.breakdowns[0].results.map((r: Json) => [r.dimension_values[0], r.value]),
    );
    expect(await webhookSnapshots(story.frame.id)).toEqual([]);

    await clockTo(story.simPublishedAt + DAY_MS + 30_000);
    const delivery = await deliveryOf(story.mediaId, (d) => d.state !== "pending");
    expect(delivery).toMatchObject({ state: "delivered", badSignature: false });
    expect(delivery.attempts[0].status).toBe(200);
    expect(delivery.payload.entry[0]).toMatchObject({
      id: story.accountId,
      changes: [{ field: "story_insights", value: { media_id: story.mediaId } }],
    });

    const [snapshot, ...more] = await webhookSnapshots(story.frame.id);
    expect(more).toEqual([]);
    expect(snapshot).toMatchObject({
      slot: "FINAL",
      outcome: "OK",
      reach: value("reach"),
      replies: value("replies"),
      tapForward: navigation.TAP_FORWARD,
      tapBack: navigation.TAP_BACK,
      tapExit: navigation.TAP_EXIT,
      capturedAt: new Date(delivery.payload.entry[0].time * 1000),
    });
    expect(snapshot?.reach).toBeGreaterThan(5);
  });

  it("refuses the bad-signature fault's delivery on every attempt and stores nothing", async () => {
    const story = await publishStory();
    const armed = await sim("POST", "faults", {
      kind: "webhook_bad_signature",
      platform: "instagram",
      accountId: story.accountId,
      count: 1,
    });
    expect(armed.status).toBe(201);

    await clockTo(story.simPublishedAt + DAY_MS + 1_000);
    const delivery = await deliveryOf(story.mediaId, (d) => d.state !== "pending");
    expect(delivery).toMatchObject({ state: "failed", badSignature: true });
    // The first try and its one retry, both refused by the route.
    expect(delivery.attempts.map((a: Json) => a.status)).toEqual([403, 403]);
    expect(await webhookSnapshots(story.frame.id)).toEqual([]);
    const status = await db().metaWebhookStatus.findUniqueOrThrow({ where: { endpoint: "meta" } });
    expect(status.lastRefusedReason).toContain("matched none of the app secrets");
  });
});
