import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  setInboxReceiveDepsForTests,
  setMetaWebhookDepsForTests,
  webhookSecrets,
} from "@/app/api/webhooks/_lib/webhook-deps";
import { GET as metaGet, POST as metaPost } from "@/app/api/webhooks/meta/route";
import { POST as wahaPost } from "@/app/api/webhooks/waha/[channelId]/route";
import { registerSandboxAccounts } from "@/lib/channels/register-sandbox-accounts";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { createLogger } from "@/lib/logger";
import { createEndpointResolver } from "@/lib/publishing/endpoints";
import { scheduleStory } from "@/lib/stories/schedule-story";
import { waitUntil } from "@/test/assert/wait-until";
import { serveRoute } from "@/test/net/route-server";
import { eventually, type Pipeline, startPipeline } from "@/test/publishing/pipeline-test-kit";
import type { Json } from "@/test/simulators/sim-client";
import { startInboxWorker } from "@/workers/inbox-worker";
import { wahaInboundHook } from "./inbound-hook";

// End to end with the simulator as Meta and as the WAHA gateway: stories published to the sandbox
// by the real pipeline, the simulator's Meta app subscribed to the Meta route and the sandbox
// WhatsApp session's webhooks set by registration (both routes served over real HTTP), sandbox
// people replying through POST /_sim/viewers/messages, and the inbox worker filing what arrives.

const VERIFY_TOKEN = "inbox-e2e-verify-token";
const logger = createLogger("inbox-e2e", "silent");

let p: Pipeline;
let meta: Awaited<ReturnType<typeof serveRoute>>;
let waha: Awaited<ReturnType<typeof serveRoute>>;
let inbox: ReturnType<typeof startInboxWorker>;

beforeAll(async () => {
  p = await startPipeline();
  setMetaWebhookDepsForTests({
    db: db(),
    logger,
    secrets: webhookSecrets({}),
    verifyToken: VERIFY_TOKEN,
    now: () => new Date(),
  });
  inbox = startInboxWorker({
    config: {
      ...env(),
      SIMULATOR_URL: p.simulator.url,
      META_GRAPH_URL: "http://127.0.0.1:9/not-meta",
      INSTAGRAM_GRAPH_URL: "http://127.0.0.1:9/not-meta",
    },
    logger,
    prefix: `inbox-e2e-${randomUUID()}`,
    sweep: false,
  });
  setInboxReceiveDepsForTests({ db: db(), queue: inbox.queue, logger });
  meta = await serveRoute("/api/webhooks/meta", { GET: metaGet, POST: metaPost });
  const whatsapp = p.channel("WHATSAPP");
  const wahaPath = `/api/webhooks/waha/${whatsapp.id}`;
  const toChannel = (request: Request) =>
    wahaPost(request, { params: Promise.resolve({ channelId: whatsapp.id }) });
  waha = await serveRoute(wahaPath, { POST: toChannel });
  const base = waha.url.slice(0, -wahaPath.length);
  // As the workers do every minute: sandbox accounts registered, WAHA sessions pointed at us.
  await registerSandboxAccounts({
    db: db(),
    box: p.deps.box,
    simulatorUrl: p.simulator.url,
    logger,
    inbound: {
      endpoints: createEndpointResolver({ ...env(), SIMULATOR_URL: p.simulator.url })({ sandbox: true }),
      hookFor: (channelId) =>
        wahaInboundHook({ publicBaseUrl: base, serverSecret: env().AUTH_SECRET }, channelId),
    },
  });
  const subscribed = await sim("POST", "webhooks", { callbackUrl: meta.url, verifyToken: VERIFY_TOKEN });
  expect(subscribed.status).toBeLessThan(300);
}, 60_000);

afterAll(async () => {
  await inbox?.queue.obliterate({ force: true }).catch(() => undefined);
  await inbox?.close();
  await p?.close();
  await meta?.close();
  await waha?.close();
});

async function sim(method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${p.simulator.url}/_sim/${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/** A one-frame story published by the pipeline on the kit's sandbox channel of `platform`. */
async function publish(platform: "INSTAGRAM" | "WHATSAPP") {
  const image = await p.image();
  const channel = p.channel(platform);
  const story = await scheduleStory(p.deps, p.ctx, {
    brandId: p.brand.id,
    channelIds: [channel.id],
    frames: [image.id],
    when: { now: true },
  });
  const frame = await eventually(
    () =>
      db().storyTargetFrame.findFirst({
        where: { workspaceId: p.workspace.id, target: { storyId: story.id } },
      }),
    (f) => f?.publishedAt != null && (f.externalMediaId != null || f.externalMessageId != null),
    40_000,
  );
  if (!frame) throw new Error("not published");
  return { channel, frame, storyExternalId: frame.externalMediaId ?? frame.externalMessageId ?? "" };
}

const messagesOf = (channelId: string) =>
  db().message.findMany({ where: { channelId }, orderBy: { sentAt: "asc" } });

describe("sandbox people replying through the simulator", () => {
  it("files an Instagram story reply delivered twice once, against its frame, with the person's profile", async () => {
    const { channel, frame, storyExternalId } = await publish("INSTAGRAM");
    const acted = await sim("POST", "viewers/messages", {
      platform: "instagram",
      accountId: channel.externalAccountId,
      kind: "story_reply",
      storyId: storyExternalId,
      text: "Is this on sale?",
      viewer: { name: "Ana Lima", username: "ana.lima" },
      duplicate: true,
    });
    expect(acted.status).toBe(201);
    const conversation = await waitUntil(
      async () =>
        (await db().conversation.findFirst({
          where: { channelId: channel.id, participantHandle: { not: null } },
        })) ?? undefined,
      { timeoutMs: 15_000, what: "the conversation with the person's profile" },
    );
    expect(conversation).toMatchObject({
      participantId: acted.body.viewer.id,
      participantHandle: "ana.lima",
    });
    expect(conversation.participantAvatarUrl).toMatch(/^http/);
    // Both copies arrive and are processed; only one message is kept.
    await waitUntil(
      async () => {
        const rows = await db().inboundDelivery.findMany({ where: { state: "PENDING", source: "meta" } });
        return rows.length === 0 ? true : undefined;
      },
      { timeoutMs: 15_000, what: "both deliveries processed" },
    );
    const rows = await messagesOf(channel.id);
    expect(rows.map((m) => [m.kind, m.text, m.targetFrameId])).toEqual([
      ["STORY_REPLY", "Is this on sale?", frame.id],
    ]);
    expect(conversation.unreadCount).toBe(1);
  });

  it("files a WhatsApp status reply posted by the session's webhook to the channel's URL", async () => {
    const { channel, frame, storyExternalId } = await publish("WHATSAPP");
    const acted = await sim("POST", "viewers/messages", {
      platform: "whatsapp",
      accountId: channel.externalAccountId,
      kind: "story_reply",
      storyId: storyExternalId,
      text: "Love it",
      viewer: { name: "Ben" },
    });
    expect(acted.status).toBe(201);
    const [message] = await waitUntil(
      async () => {
        const rows = await messagesOf(channel.id);
        return rows.length > 0 ? rows : undefined;
      },
      { timeoutMs: 15_000, what: "the WhatsApp reply filed" },
    );
    expect(message).toMatchObject({ kind: "STORY_REPLY", text: "Love it", targetFrameId: frame.id });
    const conversation = await db().conversation.findFirstOrThrow({ where: { channelId: channel.id } });
    expect(conversation.participantName).toBe("Ben");
  });
});
