import { randomInt, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setMetaWebhookDepsForTests } from "@/app/api/webhooks/_lib/webhook-deps";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { webhookSignature } from "@/lib/insights/webhook-signature";
import { readWebhookStatus } from "@/lib/insights/webhook-status";
import { createLogger } from "@/lib/logger";
import { createPublishQueues, type PublishQueues } from "@/lib/queue/publish-queues";
import { makeScheduledStory, makeWorkspace } from "@/prisma/factories";
import { GET, POST } from "./route";

// Meta's webhook endpoint called in-process with real Requests, against the real database: the
// verification handshake, signatures over the raw body, and where each story_insights delivery lands.

const META_SECRET = "meta-app-secret-for-tests";
const INSTAGRAM_SECRET = "instagram-app-secret-for-tests";
const SANDBOX_SECRET = "sandbox-secret-for-tests";
const VERIFY_TOKEN = "verify-token-for-tests";
const URL_BASE = "http://localhost/api/webhooks/meta";

let queues: PublishQueues;

beforeAll(() => {
  // Stories are made by the factory and marked published here: no worker consumes this prefix.
  queues = createPublishQueues(env().REDIS_URL, `test-${randomUUID()}`);
  setMetaWebhookDepsForTests({
    db: db(),
    logger: createLogger("meta-webhook-test", "silent"),
    secrets: [
      { secret: META_SECRET, sandbox: false },
      { secret: INSTAGRAM_SECRET, sandbox: false },
      { secret: SANDBOX_SECRET, sandbox: true },
    ],
    verifyToken: VERIFY_TOKEN,
    now: () => new Date(),
  });
});

afterAll(async () => {
  await queues.dispatch.obliterate({ force: true }).catch(() => undefined);
  await queues.close();
});

const mediaId = () => String(17_000_000_000_000_000n + BigInt(randomInt(1, 2 ** 47)));

/**
 * A workspace with an Instagram story of `frames` frames published on an account (a real one unless
 * `sandbox`), each frame with its own media id, as the pipeline leaves them.
 */
async function publishedStory(options: { sandbox?: boolean; accountId?: string; frames?: number } = {}) {
  const { ctx } = await makeWorkspace(db());
  const { channels, story } = await makeScheduledStory(db(), queues, ctx, {
    platforms: ["INSTAGRAM"],
    frameCount: options.frames ?? 1,
  });
  const channel = channels[0];
  if (!channel) throw new Error("no channel");
  const accountId = options.accountId ?? channel.externalAccountId;
  await db().channel.update({
    where: { id: channel.id },
    data: { sandbox: options.sandbox ?? false, externalAccountId: accountId },
  });
  const rows = await db().storyTargetFrame.findMany({
    where: { workspaceId: ctx.workspaceId, target: { storyId: story.id } },
    orderBy: { position: "asc" },
  });
  const publishedAt = new Date(Date.now() - 24 * 3_600_000);
  const frames = [];
  for (const row of rows) {
    const media = mediaId();
    await db().storyTargetFrame.update({
      where: { id: row.id },
      data: { externalMediaId: media, publishedAt, state: "PUBLISHED" },
    });
    frames.push({ id: row.id, mediaId: media });
  }
  const [first] = frames;
  if (!first) throw new Error("no frame");
  return { workspaceId: ctx.workspaceId, accountId, frames, frame: first };
}

type Value = Record<string, unknown>;
const delivery = (accountId: string, values: Value[], time = Math.floor(Date.now() / 1000)) =>
  JSON.stringify({
    object: "instagram",
    entry: [{ id: accountId, time, changes: values.map((value) => ({ field: "story_insights", value })) }],
  });

function post(body: string, signature: string | null = webhookSignature(body, META_SECRET)) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (signature) headers["x-hub-signature-256"] = signature;
  return POST(new Request(URL_BASE, { method: "POST", body, headers }));
}

const snapshotsOf = (frameId: string) =>
  db().insightSnapshot.findMany({ where: { targetFrameId: frameId }, orderBy: { createdAt: "asc" } });

describe("GET /api/webhooks/meta: Meta's verification request", () => {
  const verify = (params: Record<string, string>) =>
    GET(new Request(`${URL_BASE}?${new URLSearchParams(params)}`));

  it("echoes the challenge as plain text for the configured verify token, and notes it", async () => {
    const before = new Date();
    const response = await verify({
      "hub.mode": "subscribe",
      "hub.verify_token": VERIFY_TOKEN,
      "hub.challenge": "1158201444",
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await response.text()).toBe("1158201444");
    expect((await readWebhookStatus({ db: db() })).lastVerifiedAt?.getTime()).toBeGreaterThanOrEqual(
      before.getTime(),
    );
  });

  it("refuses a wrong token, another mode or no challenge with 403 and says which", async () => {
    const wrong = await verify({
      "hub.mode": "subscribe",
      "hub.verify_token": "not-the-token",
      "hub.challenge": "42",
    });
    expect(wrong.status).toBe(403);
    const text = await wrong.text();
    expect(text).toContain("hub.verify_token does not match META_WEBHOOK_VERIFY_TOKEN");
    expect(text).not.toContain("42");
    const status = await readWebhookStatus({ db: db() });
    expect(status.lastRefusedReason).toContain("hub.verify_token does not match");

    const mode = await verify({
      "hub.mode": "unsubscribe",
      "hub.verify_token": VERIFY_TOKEN,
      "hub.challenge": "1",
    });
    expect(mode.status).toBe(403);
    expect(await mode.text()).toContain('hub.mode must be "subscribe"');

    const noChallenge = await verify({ "hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN });
    expect(noChallenge.status).toBe(403);
    expect(await noChallenge.text()).toContain("hub.challenge");
  });

  it("refuses every verification while META_WEBHOOK_VERIFY_TOKEN is unset", async () => {
    setMetaWebhookDepsForTests({ verifyToken: undefined });
    try {
      const response = await verify({
        "hub.mode": "subscribe",
        "hub.verify_token": "",
        "hub.challenge": "7",
      });
      expect(response.status).toBe(403);
      expect(await response.text()).toContain("META_WEBHOOK_VERIFY_TOKEN is not set");
    } finally {
      setMetaWebhookDepsForTests({ verifyToken: VERIFY_TOKEN });
    }
  });
});

describe("POST /api/webhooks/meta: story_insights deliveries", () => {
  it("stores a signed delivery as the frame's FINAL reading from the webhook, in our metric names", async () => {
    const story = await publishedStory();
    const time = Math.floor(Date.now() / 1000) - 60;
    const body = delivery(
      story.accountId,
      [
        {
          media_id: story.frame.mediaId,
          impressions: 999,
          reach: 120,
          replies: 6,
          taps_forward: 70,
          taps_back: 11,
          exits: 17,
        },
      ],
      time,
    );
    const response = await post(body);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ stored: 1, known: 0, unknown: 0, ignored: 0 });

    const [snapshot, ...more] = await snapshotsOf(story.frame.id);
    expect(more).toEqual([]);
    expect(snapshot).toMatchObject({
      workspaceId: story.workspaceId,
      slot: "FINAL",
      source: "WEBHOOK",
      outcome: "OK",
      capturedAt: new Date(time * 1000),
      reach: 120,
      replies: 6,
      tapForward: 70,
      tapBack: 11,
      tapExit: 17,
      // Not delivered, so absent (null), never 0: impressions is deprecated and not kept at all.
      views: null,
      navigation: null,
    });
    const latest = await db().frameInsight.findUniqueOrThrow({ where: { targetFrameId: story.frame.id } });
    expect(latest).toMatchObject({ final: true, reach: 120, tapExit: 17 });
    expect((await readWebhookStatus({ db: db() })).lastDeliveryStored).toBe(1);
  });

  it("accepts a delivery signed by the Instagram app as well as by the Meta app", async () => {
    const story = await publishedStory();
    const body = delivery(story.accountId, [{ media_id: story.frame.mediaId, reach: 40 }]);
    const response = await post(body, webhookSignature(body, INSTAGRAM_SECRET));
    expect(response.status).toBe(200);
    expect((await snapshotsOf(story.frame.id)).map((s) => s.reach)).toEqual([40]);
  });

  it("stores each frame of a multi-frame story from one delivery", async () => {
    const story = await publishedStory({ frames: 3 });
    const body = delivery(
      story.accountId,
      story.frames.map((frame, i) => ({ media_id: frame.mediaId, reach: 100 - i * 20 })),
    );
    expect(await (await post(body)).json()).toMatchObject({ stored: 3 });
    const latest = await db().frameInsight.findMany({
      where: { workspaceId: story.workspaceId },
      orderBy: { position: "asc" },
    });
    expect(latest.map((f) => [f.reach, f.final])).toEqual([
      [100, true],
      [80, true],
      [60, true],
    ]);
  });

  it("refuses an unsigned delivery with 401 and a badly signed one with 403, storing nothing", async () => {
    const story = await publishedStory();
    const body = delivery(story.accountId, [{ media_id: story.frame.mediaId, reach: 50 }]);

    const unsigned = await post(body, null);
    expect(unsigned.status).toBe(401);
    expect(await unsigned.text()).toContain("X-Hub-Signature-256");
    expect((await readWebhookStatus({ db: db() })).lastRefusedReason).toContain(
      "without an X-Hub-Signature-256",
    );

    const wrongSecret = await post(body, webhookSignature(body, "someone-elses-secret"));
    expect(wrongSecret.status).toBe(403);
    // Signed for another body: the signature covers the raw bytes.
    const otherBody = await post(body, webhookSignature(`${body} `, META_SECRET));
    expect(otherBody.status).toBe(403);
    const notHex = await post(body, "sha256=zz");
    expect(notHex.status).toBe(403);
    const sha1 = await post(body, `sha1=${"a".repeat(40)}`);
    expect(sha1.status).toBe(403);
    expect((await readWebhookStatus({ db: db() })).lastRefusedReason).toContain('"sha256="');

    expect(await snapshotsOf(story.frame.id)).toEqual([]);
    expect(await db().frameInsight.count({ where: { targetFrameId: story.frame.id } })).toBe(0);
  });

  it("answers a replayed delivery 200 and stores nothing new", async () => {
    const story = await publishedStory();
    const body = delivery(story.accountId, [{ media_id: story.frame.mediaId, reach: 30, replies: 2 }]);
    expect(await (await post(body)).json()).toMatchObject({ stored: 1, known: 0 });
    const replay = await post(body);
    expect(replay.status).toBe(200);
    expect(await replay.json()).toMatchObject({ stored: 0, known: 1 });
    // A later delivery with other numbers for the same frame is a replay too: the first final stands.
    const later = delivery(story.accountId, [{ media_id: story.frame.mediaId, reach: 31 }]);
    expect(await (await post(later)).json()).toMatchObject({ stored: 0, known: 1 });
    expect((await snapshotsOf(story.frame.id)).map((s) => s.reach)).toEqual([30]);
  });

  it("answers malformed bodies 400 and stores nothing", async () => {
    const story = await publishedStory();
    const notJson = await post("{not json");
    expect(notJson.status).toBe(400);
    expect(await notJson.text()).toContain("not JSON");

    const noEntry = await post(JSON.stringify({ object: "instagram" }));
    expect(noEntry.status).toBe(400);
    expect(await noEntry.text()).toContain("entry");

    // One good change and one with a text count: the delivery is refused whole.
    const mixed = delivery(story.accountId, [
      { media_id: story.frame.mediaId, reach: 10 },
      { media_id: mediaId(), reach: "lots" },
    ]);
    const bad = await post(mixed);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("entry.0.changes.1.value.reach");
    expect(await snapshotsOf(story.frame.id)).toEqual([]);
  });

  it("refuses a body far larger than any delivery with 413, unread", async () => {
    const huge = JSON.stringify({ object: "instagram", entry: [], pad: "x".repeat(1024 * 1024) });
    const response = await post(huge);
    expect(response.status).toBe(413);
  });

  it("acknowledges media StoryRelay did not publish (Meta would retry anything else) and other fields", async () => {
    const story = await publishedStory();
    const body = JSON.stringify({
      object: "instagram",
      entry: [
        {
          id: story.accountId,
          time: Math.floor(Date.now() / 1000),
          changes: [
            { field: "story_insights", value: { media_id: mediaId(), reach: 10 } },
            { field: "comments", value: { id: "1", text: "hello" } },
          ],
        },
      ],
    });
    const response = await post(body);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ stored: 0, known: 0, unknown: 1, ignored: 1 });
  });

  it("maps a delivery only to the frame of that account and that media, whichever workspace has it", async () => {
    // One Instagram account connected in two workspaces, each with a story of its own.
    const a = await publishedStory();
    const b = await publishedStory({ accountId: a.accountId });
    const other = await publishedStory();

    const forB = delivery(a.accountId, [{ media_id: b.frame.mediaId, reach: 77 }]);
    expect(await (await post(forB)).json()).toMatchObject({ stored: 1 });
    expect((await snapshotsOf(b.frame.id)).map((s) => [s.workspaceId, s.reach])).toEqual([
      [b.workspaceId, 77],
    ]);
    expect(await snapshotsOf(a.frame.id)).toEqual([]);

    // A's media under another account's id is not A's: unknown, nothing stored anywhere.
    const wrongAccount = delivery(other.accountId, [{ media_id: a.frame.mediaId, reach: 5 }]);
    expect(await (await post(wrongAccount)).json()).toMatchObject({ stored: 0, unknown: 1 });
    expect(await snapshotsOf(a.frame.id)).toEqual([]);
    expect(await snapshotsOf(other.frame.id)).toEqual([]);
  });

  it("lets the sandbox app's signature reach sandbox channels only, and a real app's only real ones", async () => {
    const sandbox = await publishedStory({ sandbox: true });
    const real = await publishedStory();

    const toRealBySandbox = delivery(real.accountId, [{ media_id: real.frame.mediaId, reach: 9 }]);
    expect(
      await (await post(toRealBySandbox, webhookSignature(toRealBySandbox, SANDBOX_SECRET))).json(),
    ).toMatchObject({
      stored: 0,
      unknown: 1,
    });
    const toSandboxByReal = delivery(sandbox.accountId, [{ media_id: sandbox.frame.mediaId, reach: 9 }]);
    expect(await (await post(toSandboxByReal)).json()).toMatchObject({ stored: 0, unknown: 1 });

    const toSandbox = delivery(sandbox.accountId, [{ media_id: sandbox.frame.mediaId, reach: 9 }]);
    expect(await (await post(toSandbox, webhookSignature(toSandbox, SANDBOX_SECRET))).json()).toMatchObject({
      stored: 1,
    });
    expect(await snapshotsOf(real.frame.id)).toEqual([]);
  });

  it("reads Meta's -1 (a count under 5) as absent, and a withheld reach as too few viewers", async () => {
    const story = await publishedStory({ frames: 2 });
    const [busy, quiet] = story.frames;
    if (!busy || !quiet) throw new Error("two frames expected");
    const body = delivery(story.accountId, [
      { media_id: busy.mediaId, reach: 25, replies: -1, taps_back: -1, exits: 6 },
      { media_id: quiet.mediaId, reach: -1, replies: -1, taps_forward: -1 },
    ]);
    expect(await (await post(body)).json()).toMatchObject({ stored: 2 });
    expect((await snapshotsOf(busy.id))[0]).toMatchObject({
      outcome: "OK",
      reach: 25,
      replies: null,
      tapBack: null,
      tapExit: 6,
    });
    expect((await snapshotsOf(quiet.id))[0]).toMatchObject({ outcome: "TOO_FEW_VIEWERS", reach: null });
  });
});
