import { randomInt, randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  setInboxReceiveDepsForTests,
  setMetaWebhookDepsForTests,
} from "@/app/api/webhooks/_lib/webhook-deps";
import { POST as metaPost } from "@/app/api/webhooks/meta/route";
import { POST as wahaPost } from "@/app/api/webhooks/waha/[channelId]/route";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import type { Platform } from "@/lib/db/generated/enums";
import { env } from "@/lib/env";
import { webhookSignature } from "@/lib/insights/webhook-signature";
import { createLogger } from "@/lib/logger";
import { createPublishQueues, type PublishQueues } from "@/lib/queue/publish-queues";
import { createWebhook } from "@/lib/webhooks/create-webhook";
import { makeMember, makeScheduledStory, makeWorkspace } from "@/prisma/factories";
import { expectAppError } from "@/test/assert/expect-app-error";
import { waitUntil } from "@/test/assert/wait-until";
import { startTestSimulator, type TestSimulator } from "@/test/simulators/sim-client";
import { startInboxWorker } from "@/workers/inbox-worker";
import { getInboundSetup } from "./get-inbound-setup";
import { inboxChannel } from "./inbox-events";
import { purgeExpiredMessages } from "./purge-expired-messages";
import { WAHA_WEBHOOK_ENDPOINT } from "./receive-waha-delivery";
import { wahaSignature, wahaWebhookKey } from "./waha-webhook-key";
import { warnClosingWindows } from "./warn-closing-windows";

// Webhook deliveries in (Meta's endpoint and a WAHA channel's URL, called in-process with real
// Requests), stored, then filed by the real inbox worker over real Postgres, Redis and BullMQ.

const REAL_SECRET = "meta-app-secret-for-inbox-tests";
const SANDBOX_SECRET = "sandbox-secret-for-inbox-tests";
const prefix = `inbox-test-${randomUUID()}`;

let sim: TestSimulator;
let queues: PublishQueues;
let inbox: ReturnType<typeof startInboxWorker>;
let subscriber: Redis;
const published: string[] = [];

beforeAll(async () => {
  sim = await startTestSimulator();
  queues = createPublishQueues(env().REDIS_URL, `${prefix}-publish`);
  const logger = createLogger("inbox-test", "silent");
  setMetaWebhookDepsForTests({
    db: db(),
    logger,
    secrets: [
      { secret: REAL_SECRET, sandbox: false },
      { secret: SANDBOX_SECRET, sandbox: true },
    ],
    now: () => new Date(),
  });
  inbox = startInboxWorker({
    config: {
      ...env(),
      SIMULATOR_URL: sim.sim.url,
      META_GRAPH_URL: `${sim.sim.url}/facebook`,
      INSTAGRAM_GRAPH_URL: `${sim.sim.url}/instagram`,
    },
    logger,
    prefix,
    sweep: false,
    maxAttempts: 2,
  });
  setInboxReceiveDepsForTests({ db: db(), queue: inbox.queue, logger });
  subscriber = new Redis(env().REDIS_URL);
  subscriber.on("message", (_channel, message) => published.push(message));
}, 30_000);

afterAll(async () => {
  subscriber?.disconnect();
  await inbox?.queue.obliterate({ force: true }).catch(() => undefined);
  await inbox?.close();
  await queues?.dispatch.obliterate({ force: true }).catch(() => undefined);
  await queues?.close();
  await sim?.close();
});

const digits = () => String(17_000_000_000_000_000n + BigInt(randomInt(1, 2 ** 47)));

/**
 * A workspace with a one-frame story published on `platform`'s channel (sandbox unless `real`),
 * the frame carrying the external ids the pipeline stores, and a webhook subscribed to
 * message.received.
 */
async function publishedStory(platform: Platform, options: { real?: boolean } = {}) {
  const { ctx, ownerId, workspace } = await makeWorkspace(db());
  const { channels, story, brand } = await makeScheduledStory(db(), queues, ctx, { platforms: [platform] });
  const channel = channels[0];
  if (!channel) throw new Error("no channel");
  const accountId = platform === "WHATSAPP" ? `sandbox-${randomUUID().slice(0, 8)}` : digits();
  await db().channel.update({
    where: { id: channel.id },
    data: { sandbox: !options.real, externalAccountId: accountId },
  });
  const row = await db().storyTargetFrame.findFirstOrThrow({
    where: { workspaceId: ctx.workspaceId, target: { storyId: story.id } },
  });
  const ids = { mediaId: digits(), postId: `${accountId}_${digits()}`, messageId: `STATUS${randomInt(1e9)}` };
  await db().storyTargetFrame.update({
    where: { id: row.id },
    data: {
      externalMediaId: ids.mediaId,
      externalPostId: ids.postId,
      externalMessageId: ids.messageId,
      publishedAt: new Date(Date.now() - 3_600_000),
      state: "PUBLISHED",
    },
  });
  await createWebhook({ db: db(), box: secretBoxFromEnv(env()), allowPrivate: true }, ctx, {
    url: "http://127.0.0.1:9/hook",
    events: ["message.received"],
  });
  await subscriber.subscribe(inboxChannel(ctx.workspaceId));
  return { ctx, ownerId, workspace, brand, channel, accountId, frameId: row.id, storyId: story.id, ...ids };
}

type Story = Awaited<ReturnType<typeof publishedStory>>;

const metaBody = (object: "instagram" | "page", accountId: string, events: unknown[]) =>
  JSON.stringify({ object, entry: [{ id: accountId, time: Date.now(), messaging: events }] });

function postMeta(body: string, signature: string | null = webhookSignature(body, SANDBOX_SECRET)) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (signature) headers["x-hub-signature-256"] = signature;
  return metaPost(new Request("http://localhost/api/webhooks/meta", { method: "POST", body, headers }));
}

function postWaha(channelId: string, body: string, signature: string | null) {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "x-webhook-hmac-algorithm": "sha512",
  };
  if (signature) headers["x-webhook-hmac"] = signature;
  return wahaPost(
    new Request(`http://localhost/api/webhooks/waha/${channelId}`, { method: "POST", body, headers }),
    {
      params: Promise.resolve({ channelId }),
    },
  );
}

const wahaKey = (channelId: string) => wahaWebhookKey(env().AUTH_SECRET, channelId);

const message = (story: Story, person: string, fields: Record<string, unknown>, at = Date.now()) => ({
  sender: { id: person },
  recipient: { id: story.accountId },
  timestamp: at,
  message: { mid: `mid.${randomUUID()}`, ...fields },
});

async function processed(deliveryId: string) {
  return waitUntil(
    async () => {
      const row = await db().inboundDelivery.findUnique({ where: { id: deliveryId } });
      return row && row.state !== "PENDING" ? row : undefined;
    },
    { timeoutMs: 10_000, what: `delivery ${deliveryId} processed`, intervalMs: 50 },
  );
}

async function deliverMeta(
  object: "instagram" | "page",
  story: Story,
  events: unknown[],
  secret = SANDBOX_SECRET,
) {
  const body = metaBody(object, story.accountId, events);
  const response = await postMeta(body, webhookSignature(body, secret));
  expect(response.status).toBe(200);
  const json = (await response.json()) as { inbox?: { deliveryId: string } };
  if (!json.inbox) throw new Error("not stored for the inbox");
  return processed(json.inbox.deliveryId);
}

const messagesOf = (channelId: string) =>
  db().message.findMany({ where: { channelId }, orderBy: [{ sentAt: "asc" }, { createdAt: "asc" }] });

describe("Instagram deliveries", () => {
  it("files a story reply against its frame, notifies once, emits message.received once and publishes a live event", async () => {
    const story = await publishedStory("INSTAGRAM");
    const person = digits();
    const reply = message(story, person, {
      text: "Where can I buy this?",
      reply_to: { story: { id: story.mediaId, url: "x" } },
    });
    const delivery = await deliverMeta("instagram", story, [reply]);
    expect(delivery.state).toBe("PROCESSED");

    const [stored, ...more] = await messagesOf(story.channel.id);
    expect(more).toEqual([]);
    expect(stored).toMatchObject({
      workspaceId: story.ctx.workspaceId,
      direction: "INBOUND",
      kind: "STORY_REPLY",
      text: "Where can I buy this?",
      storyExternalId: story.mediaId,
      targetFrameId: story.frameId,
      externalId: reply.message.mid,
      sentAt: new Date(reply.timestamp),
    });
    const conversation = await db().conversation.findFirstOrThrow({ where: { channelId: story.channel.id } });
    expect(conversation).toMatchObject({
      participantId: person,
      brandId: story.brand.id,
      unreadCount: 1,
      status: "OPEN",
      lastInboundAt: new Date(reply.timestamp),
      lastMessagePreview: "Where can I buy this?",
    });

    // The same bytes again (Meta retries) and a second message from the same person.
    const body = metaBody("instagram", story.accountId, [reply]);
    const again = (await (await postMeta(body)).json()) as { inbox: { deliveryId: string } };
    await processed(again.inbox.deliveryId);
    await deliverMeta("instagram", story, [message(story, person, { text: "Hello?" })]);

    expect(await messagesOf(story.channel.id)).toHaveLength(2);
    const after = await db().conversation.findFirstOrThrow({ where: { channelId: story.channel.id } });
    expect(after.unreadCount).toBe(2);
    const notices = await db().notification.findMany({ where: { workspaceId: story.ctx.workspaceId } });
    expect(notices.map((n) => [n.kind, n.userId, n.link])).toEqual([
      ["inbox.reply", story.ownerId, `/w/${story.workspace.slug}/inbox/${conversation.id}`],
    ]);
    const hooks = await db().webhookDelivery.findMany({ where: { workspaceId: story.ctx.workspaceId } });
    expect(hooks).toHaveLength(2);
    const first = hooks.find(
      (h) => (h.payload as { data: { message: { text: string } } }).data.message.text !== "Hello?",
    );
    if (!first) throw new Error("no message.received for the story reply");
    expect((first.payload as { type: string }).type).toBe("message.received");
    expect((first.payload as { data: unknown }).data).toMatchObject({
      message: {
        conversationId: conversation.id,
        brandId: story.brand.id,
        platform: "INSTAGRAM",
        kind: "STORY_REPLY",
        text: "Where can I buy this?",
        frame: { targetFrameId: story.frameId, storyId: story.storyId, position: 0 },
      },
    });
    await waitUntil(async () => (published.some((p) => p.includes(conversation.id)) ? true : undefined), {
      timeoutMs: 5_000,
      what: "the live inbox event",
    });
  });

  it("files an emoji story reply as a reaction, a mention, a reaction to a message, and an echo", async () => {
    const story = await publishedStory("INSTAGRAM");
    const person = digits();
    const t = Date.now() - 10_000;
    const text = message(story, person, { text: "hi" }, t);
    await deliverMeta("instagram", story, [
      message(story, person, { text: "😍", reply_to: { story: { id: story.mediaId, url: "x" } } }, t - 3),
      message(
        story,
        person,
        { attachments: [{ type: "story_mention", payload: { url: "https://cdn.example/s.jpg" } }] },
        t - 2,
      ),
      text,
      {
        sender: { id: person },
        recipient: { id: story.accountId },
        timestamp: t + 1,
        reaction: { mid: text.message.mid, action: "react", reaction: "love", emoji: "❤️" },
      },
      {
        sender: { id: story.accountId },
        recipient: { id: person },
        timestamp: t + 2,
        message: { mid: `mid.${randomUUID()}`, text: "Thanks!", is_echo: true },
      },
    ]);
    const rows = await messagesOf(story.channel.id);
    expect(rows.map((m) => [m.kind, m.direction, m.text])).toEqual([
      ["STORY_REACTION", "INBOUND", "😍"],
      ["STORY_MENTION", "INBOUND", null],
      ["TEXT", "INBOUND", "hi"],
      ["REACTION", "INBOUND", "❤️"],
      ["TEXT", "OUTBOUND", "Thanks!"],
    ]);
    expect(rows[1]).toMatchObject({
      attachmentUrl: "https://cdn.example/s.jpg",
      attachmentType: "story_mention",
    });
    expect(rows[4]?.sendState).toBe("SENT");
    const conversation = await db().conversation.findFirstOrThrow({ where: { channelId: story.channel.id } });
    expect(conversation).toMatchObject({
      unreadCount: 4,
      lastOutboundAt: new Date(t + 2),
      lastMessagePreview: "Thanks!",
    });
  });

  it("confirms our UNCONFIRMED send with its echo instead of adding a second message", async () => {
    const story = await publishedStory("INSTAGRAM");
    const person = digits();
    await deliverMeta("instagram", story, [message(story, person, { text: "Price?" })]);
    const conversation = await db().conversation.findFirstOrThrow({ where: { channelId: story.channel.id } });
    const ours = await db().message.create({
      data: {
        workspaceId: story.ctx.workspaceId,
        conversationId: conversation.id,
        channelId: story.channel.id,
        direction: "OUTBOUND",
        kind: "TEXT",
        text: "It is 20 €",
        sentAt: new Date(),
        authorId: story.ownerId,
        clientId: randomUUID(),
        sendState: "UNCONFIRMED",
        sendError: "The answer was lost.",
      },
    });
    const mid = `mid.${randomUUID()}`;
    await deliverMeta("instagram", story, [
      {
        sender: { id: story.accountId },
        recipient: { id: person },
        timestamp: Date.now(),
        message: { mid, text: "It is 20 €", is_echo: true },
      },
    ]);
    const outbound = await db().message.findMany({
      where: { conversationId: conversation.id, direction: "OUTBOUND" },
    });
    expect(outbound.map((m) => [m.id, m.sendState, m.externalId, m.sendError])).toEqual([
      [ours.id, "SENT", mid, null],
    ]);
  });

  it("skips an account StoryRelay does not know, and keeps a sandbox-signed delivery away from a real channel", async () => {
    const real = await publishedStory("INSTAGRAM", { real: true });
    const person = digits();
    const forged = await deliverMeta(
      "instagram",
      real,
      [message(real, person, { text: "sandbox says hi" })],
      SANDBOX_SECRET,
    );
    expect(forged.state).toBe("PROCESSED");
    expect(await messagesOf(real.channel.id)).toEqual([]);

    const genuine = await deliverMeta(
      "instagram",
      real,
      [message(real, person, { text: "real hi" })],
      REAL_SECRET,
    );
    expect(genuine.state).toBe("PROCESSED");
    expect((await messagesOf(real.channel.id)).map((m) => m.text)).toEqual(["real hi"]);

    const before = await db().conversation.count();
    const body = metaBody("instagram", digits(), [
      {
        sender: { id: person },
        recipient: { id: "1" },
        timestamp: Date.now(),
        message: { mid: "m", text: "?" },
      },
    ]);
    const json = (await (await postMeta(body)).json()) as { inbox: { deliveryId: string } };
    expect((await processed(json.inbox.deliveryId)).state).toBe("PROCESSED");
    expect(await db().conversation.count()).toBe(before);
  });

  it("refuses unsigned and badly signed deliveries, counts them and stores nothing", async () => {
    const story = await publishedStory("INSTAGRAM");
    const body = metaBody("instagram", story.accountId, [message(story, digits(), { text: "x" })]);
    const countBefore =
      (await db().metaWebhookStatus.findUnique({ where: { endpoint: "meta" } }))?.refusedCount ?? 0;
    const deliveriesBefore = await db().inboundDelivery.count();
    expect((await postMeta(body, null)).status).toBe(401);
    expect((await postMeta(body, webhookSignature(body, "not-the-secret"))).status).toBe(403);
    expect((await postMeta(body, "sha256=zz")).status).toBe(403);
    const status = await db().metaWebhookStatus.findUniqueOrThrow({ where: { endpoint: "meta" } });
    expect(status.refusedCount).toBe(countBefore + 3);
    expect(await db().inboundDelivery.count()).toBe(deliveriesBefore);
  });
});

describe("Facebook deliveries", () => {
  it("matches a page story reply by the story's post id and files a plain message", async () => {
    const story = await publishedStory("FACEBOOK");
    const person = digits();
    await deliverMeta("page", story, [
      message(
        story,
        person,
        { text: "Nice one", reply_to: { story: { id: story.postId, url: "x" } } },
        Date.now() - 5,
      ),
      message(story, person, { text: "When do you open?" }),
    ]);
    const rows = await messagesOf(story.channel.id);
    expect(rows.map((m) => [m.kind, m.targetFrameId, m.text])).toEqual([
      ["STORY_REPLY", story.frameId, "Nice one"],
      ["TEXT", null, "When do you open?"],
    ]);
  });
});

describe("WAHA deliveries", () => {
  const wahaEvent = (story: Story, event: string, payload: Record<string, unknown>) =>
    JSON.stringify({
      id: `evt_${randomUUID()}`,
      timestamp: Date.now(),
      event,
      session: story.accountId,
      me: { id: "491510000@c.us" },
      payload,
      engine: "WEBJS",
    });

  async function deliverWaha(story: Story, body: string) {
    const response = await postWaha(story.channel.id, body, wahaSignature(body, wahaKey(story.channel.id)));
    expect(response.status).toBe(200);
    return processed(((await response.json()) as { received: string }).received);
  }

  it("files a status reply against its frame, a status reaction and a plain message, with the sender's name", async () => {
    const story = await publishedStory("WHATSAPP");
    const chat = `49176${randomInt(1e6, 9e6)}@c.us`;
    const seconds = Math.floor(Date.now() / 1000);
    const base = {
      from: chat,
      fromMe: false,
      to: "491510000@c.us",
      hasMedia: false,
      _data: { notifyName: "Mia" },
    };
    await deliverWaha(
      story,
      wahaEvent(story, "message", {
        ...base,
        id: `false_${chat}_A`,
        timestamp: seconds - 2,
        body: "Love this status",
        replyTo: { id: story.messageId },
      }),
    );
    await deliverWaha(
      story,
      wahaEvent(story, "message.reaction", {
        id: `false_${chat}_R`,
        from: chat,
        fromMe: false,
        timestamp: seconds - 1,
        reaction: { text: "👍", messageId: story.messageId },
      }),
    );
    await deliverWaha(
      story,
      wahaEvent(story, "message", {
        ...base,
        id: `false_${chat}_B`,
        timestamp: seconds,
        body: "Are you open today?",
        replyTo: { id: "SOMETHING_ELSE" },
      }),
    );
    const rows = await messagesOf(story.channel.id);
    expect(rows.map((m) => [m.kind, m.targetFrameId, m.storyExternalId, m.text])).toEqual([
      ["STORY_REPLY", story.frameId, story.messageId, "Love this status"],
      ["STORY_REACTION", story.frameId, story.messageId, "👍"],
      ["TEXT", null, null, "Are you open today?"],
    ]);
    const conversation = await db().conversation.findFirstOrThrow({ where: { channelId: story.channel.id } });
    expect(conversation).toMatchObject({ participantId: chat, participantName: "Mia", unreadCount: 3 });
  });

  it("refuses a missing or bad signature, an unknown channel and a channel that is not WhatsApp alike, and counts them", async () => {
    const story = await publishedStory("WHATSAPP");
    const instagram = await publishedStory("INSTAGRAM");
    const body = wahaEvent(story, "message", {
      id: "x",
      timestamp: 1,
      from: "1@c.us",
      fromMe: false,
      body: "x",
    });
    const before =
      (await db().metaWebhookStatus.findUnique({ where: { endpoint: WAHA_WEBHOOK_ENDPOINT } }))
        ?.refusedCount ?? 0;
    const deliveriesBefore = await db().inboundDelivery.count();

    expect((await postWaha(story.channel.id, body, null)).status).toBe(401);
    const bad = await postWaha(story.channel.id, body, wahaSignature(body, "wrong-key"));
    const unknown = await postWaha(
      "c0000000000000000000000000",
      body,
      wahaSignature(body, wahaKey("c0000000000000000000000000")),
    );
    const notWhatsApp = await postWaha(
      instagram.channel.id,
      body,
      wahaSignature(body, wahaKey(instagram.channel.id)),
    );
    expect([bad.status, unknown.status, notWhatsApp.status]).toEqual([403, 403, 403]);
    const texts = new Set([await bad.text(), await unknown.text(), await notWhatsApp.text()]);
    expect(texts.size).toBe(1);

    const status = await db().metaWebhookStatus.findUniqueOrThrow({
      where: { endpoint: WAHA_WEBHOOK_ENDPOINT },
    });
    expect(status.refusedCount).toBe(before + 4);
    expect(await db().inboundDelivery.count()).toBe(deliveriesBefore);
  });
});

describe("the inbox sweep", () => {
  it("files a delivery whose job was lost, and leaves a body that is not JSON FAILED", async () => {
    const story = await publishedStory("INSTAGRAM");
    const body = metaBody("instagram", story.accountId, [
      message(story, digits(), { text: "lost and found" }),
    ]);
    const lost = await db().inboundDelivery.create({
      data: {
        source: "meta",
        sandbox: true,
        body: new Uint8Array(Buffer.from(body)),
        receivedAt: new Date(Date.now() - 60_000),
      },
    });
    const broken = await db().inboundDelivery.create({
      data: {
        source: "meta",
        sandbox: true,
        body: new Uint8Array(Buffer.from("{nope")),
        receivedAt: new Date(Date.now() - 60_000),
      },
    });
    const report = await inbox.sweepNow();
    expect(report.requeued).toBeGreaterThanOrEqual(2);
    expect((await processed(lost.id)).state).toBe("PROCESSED");
    expect((await messagesOf(story.channel.id)).map((m) => m.text)).toEqual(["lost and found"]);
    const failed = await processed(broken.id);
    expect(failed).toMatchObject({ state: "FAILED", attempts: 1 });
    expect(failed.lastError).toContain("not JSON");
  });

  it("warns once when a window closes within the hour, and not for WhatsApp or an answered conversation", async () => {
    const story = await publishedStory("INSTAGRAM");
    const wa = await publishedStory("WHATSAPP");
    const now = new Date();
    const inbound = new Date(now.getTime() - 23.5 * 3_600_000);
    const make = (s: Story, participantId: string, lastOutboundAt: Date | null = null) =>
      db().conversation.create({
        data: {
          workspaceId: s.ctx.workspaceId,
          brandId: s.brand.id,
          channelId: s.channel.id,
          participantId,
          participantName: "Ana",
          lastInboundAt: inbound,
          lastOutboundAt,
          lastMessageAt: inbound,
        },
      });
    const closing = await make(story, "p1");
    await make(story, "p2", new Date(inbound.getTime() + 1000));
    await make(wa, "p3@c.us");
    const deps = { db: db(), replyWindowHours: (p: Platform) => (p === "WHATSAPP" ? null : 24) };
    expect(await warnClosingWindows(deps, now, { workspaceId: story.ctx.workspaceId })).toBe(1);
    expect(await warnClosingWindows(deps, now, { workspaceId: story.ctx.workspaceId })).toBe(0);
    expect(await warnClosingWindows(deps, now, { workspaceId: wa.ctx.workspaceId })).toBe(0);
    const notices = await db().notification.findMany({
      where: { workspaceId: story.ctx.workspaceId, kind: "inbox.window_closing" },
    });
    expect(notices.map((n) => [n.userId, n.link])).toEqual([
      [story.ownerId, `/w/${story.workspace.slug}/inbox/${closing.id}`],
    ]);
  });

  it("purges bodies older than the workspace's retention and keeps newer ones", async () => {
    const story = await publishedStory("INSTAGRAM");
    await db().workspace.update({ where: { id: story.ctx.workspaceId }, data: { messageRetentionDays: 7 } });
    const person = digits();
    await deliverMeta("instagram", story, [
      message(story, person, { text: "old" }, Date.now() - 8 * 86_400_000),
      message(story, person, { text: "new" }, Date.now() - 86_400_000),
    ]);
    const report = await purgeExpiredMessages({ db: db() }, new Date(), {
      workspaceId: story.ctx.workspaceId,
    });
    expect(report.messages).toBe(1);
    const rows = await messagesOf(story.channel.id);
    expect(rows.map((m) => [m.text, m.purgedAt !== null])).toEqual([
      [null, true],
      ["new", false],
    ]);
    expect(
      (await purgeExpiredMessages({ db: db() }, new Date(), { workspaceId: story.ctx.workspaceId })).messages,
    ).toBe(0);
  });
});

describe("getInboundSetup", () => {
  it("gives an owner a WhatsApp channel's own URL and derived key, Meta's one URL, and nothing to others", async () => {
    const wa = await publishedStory("WHATSAPP");
    const ig = await publishedStory("INSTAGRAM");
    const deps = { db: db(), publicBaseUrl: "https://relay.example/", serverSecret: env().AUTH_SECRET };
    const setup = await getInboundSetup(deps, wa.ctx, wa.channel.id);
    expect(setup).toMatchObject({
      url: `https://relay.example/api/webhooks/waha/${wa.channel.id}`,
      hmacKey: wahaKey(wa.channel.id),
    });
    expect(await getInboundSetup(deps, ig.ctx, ig.channel.id)).toEqual({
      url: "https://relay.example/api/webhooks/meta",
      instructions: expect.stringContaining('"messages"'),
    });
    const editor = await makeMember(db(), wa.workspace, "EDITOR");
    await expectAppError(getInboundSetup(deps, editor, wa.channel.id), "FORBIDDEN");
    await expectAppError(getInboundSetup(deps, ig.ctx, wa.channel.id), "NOT_FOUND");
  });
});
