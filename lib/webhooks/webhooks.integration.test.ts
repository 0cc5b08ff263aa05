import { createHash, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setApiDepsForTests } from "@/app/api/v1/_lib/api-deps";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { createLogger } from "@/lib/logger";
import { makeApiKey, makeMember, makeWorkspace } from "@/prisma/factories";
import { callApi } from "@/test/api/api-test-kit";
import { expectAppError } from "@/test/assert/expect-app-error";
import { startTrickleServer } from "@/test/net/trickle-server";
import { eventually, type Pipeline, startPipeline } from "@/test/publishing/pipeline-test-kit";
import { startWebhookWorker } from "@/workers/webhook-worker";
import { createWebhook } from "./create-webhook";
import { deleteWebhook } from "./delete-webhook";
import { listWebhookDeliveries } from "./list-webhook-deliveries";
import { listWebhooks } from "./list-webhooks";
import { sendTestWebhook } from "./send-test-webhook";
import { verifyWebhookSignature } from "./sign-webhook";
import { startWebhookReceiver } from "./webhook-receiver";

const box = secretBoxFromEnv(env());
const deps = { db: db(), box, allowPrivate: true };

describe("webhooks", () => {
  let worker: ReturnType<typeof startWebhookWorker>;

  beforeAll(() => {
    worker = startWebhookWorker({
      db: db(),
      // Short, so the slow-endpoint test does not wait long; a local receiver answers in milliseconds.
      config: { ...env(), ALLOW_PRIVATE_URLS: true, WEBHOOK_DEADLINE_MS: 2_000 },
      logger: createLogger("webhook-test", "silent"),
      prefix: `test-${randomUUID()}`,
      retry: { maxAttempts: 3, retryBaseMs: 100, retryMaxMs: 300 },
      sweepIntervalMs: 200,
    });
  });
  afterAll(async () => {
    await worker.queue.obliterate({ force: true }).catch(() => undefined);
    await worker.close();
  });

  const deliveries = (ctx: Parameters<typeof listWebhookDeliveries>[1], webhookId: string) =>
    listWebhookDeliveries(db(), ctx, webhookId);

  it("sends a signed test event that the receiver can verify, and logs it", async () => {
    const receiver = await startWebhookReceiver();
    try {
      const { ctx } = await makeWorkspace(db());
      const webhook = await createWebhook(deps, ctx, { url: receiver.url, events: ["story.published"] });
      expect(webhook.secret).toMatch(/^whsec_/);
      const stored = await db().webhook.findUniqueOrThrow({ where: { id: webhook.id } });
      expect(Buffer.from(stored.secretCiphertext).toString("utf8")).not.toContain(webhook.secret);
      expect(JSON.stringify(await listWebhooks(db(), ctx))).not.toContain("whsec_");

      const { deliveryId } = await sendTestWebhook({ db: db(), queue: worker.queue }, ctx, webhook.id);
      await eventually(
        async () => receiver.received.length,
        (n) => n === 1,
      );
      const [request] = receiver.received;
      const payload = JSON.parse(request?.body ?? "{}");
      expect(payload).toMatchObject({
        type: "webhook.test",
        workspaceId: ctx.workspaceId,
        id: expect.stringMatching(/^evt_/),
      });
      expect(request?.headers["storyrelay-event"]).toBe("webhook.test");
      expect(request?.headers["storyrelay-delivery"]).toBe(deliveryId);
      const header = request?.headers["storyrelay-signature"] as string;
      expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      expect(request?.headers["storyrelay-timestamp"]).toBe(header.match(/^t=(\d+)/)?.[1]);
      expect(verifyWebhookSignature({ secret: webhook.secret, header, body: request?.body ?? "" })).toBe(
        true,
      );
      expect(verifyWebhookSignature({ secret: webhook.secret, header, body: `${request?.body} ` })).toBe(
        false,
      );
      expect(verifyWebhookSignature({ secret: "whsec_other", header, body: request?.body ?? "" })).toBe(
        false,
      );

      const [logged] = await eventually(
        () => deliveries(ctx, webhook.id),
        (rows) => rows[0]?.status === "DELIVERED",
      );
      expect(logged).toMatchObject({
        id: deliveryId,
        eventType: "webhook.test",
        attempts: 1,
        lastStatusCode: 200,
      });
      expect(logged?.deliveredAt).toBeInstanceOf(Date);
    } finally {
      await receiver.close();
    }
  });

  it("retries a failing receiver with backoff until it answers, then gives up after the last attempt", async () => {
    const flaky = await startWebhookReceiver([500, 503, 200]);
    const down = await startWebhookReceiver([500]);
    try {
      const { ctx } = await makeWorkspace(db());
      const first = await createWebhook(deps, ctx, { url: flaky.url, events: ["story.failed"] });
      const second = await createWebhook(deps, ctx, { url: down.url, events: ["story.failed"] });
      await sendTestWebhook({ db: db(), queue: worker.queue }, ctx, first.id);
      await sendTestWebhook({ db: db(), queue: worker.queue }, ctx, second.id);

      const [recovered] = await eventually(
        () => deliveries(ctx, first.id),
        (rows) => rows[0]?.status === "DELIVERED",
      );
      expect(recovered).toMatchObject({ attempts: 3, lastStatusCode: 200, lastError: null });
      expect(flaky.received.map((r) => r.status)).toEqual([500, 503, 200]);
      // Every attempt carries the same event id, so the receiver can deduplicate.
      expect(new Set(flaky.received.map((r) => r.headers["storyrelay-event-id"])).size).toBe(1);

      const [failed] = await eventually(
        () => deliveries(ctx, second.id),
        (rows) => rows[0]?.status === "FAILED",
      );
      expect(failed).toMatchObject({
        attempts: 3,
        lastStatusCode: 500,
        lastError: "The endpoint answered HTTP 500.",
      });
      expect(down.received).toHaveLength(3);
    } finally {
      await Promise.all([flaky.close(), down.close()]);
    }
  });

  it("ends an attempt at the deadline when the endpoint trickles its answer, and logs why", async () => {
    // Never idle for the 10 s timeout, and 12 s in all: only a deadline ends the attempt sooner.
    const slow = await startTrickleServer({ body: Buffer.from("ok".repeat(20)), slices: 40, everyMs: 300 });
    try {
      const { ctx } = await makeWorkspace(db());
      const webhook = await createWebhook(deps, ctx, { url: slow.url, events: ["story.failed"] });
      const started = Date.now();
      await sendTestWebhook({ db: db(), queue: worker.queue }, ctx, webhook.id);
      const [attempted] = await eventually(
        () => deliveries(ctx, webhook.id),
        (rows) => (rows[0]?.attempts ?? 0) >= 1,
        15_000,
      );
      expect(Date.now() - started).toBeLessThan(slow.totalMs - 4_000);
      expect(attempted).toMatchObject({
        status: expect.stringMatching(/^(PENDING|FAILED)$/),
        lastStatusCode: null,
        lastError: "The endpoint did not answer within 2 s (the whole response counts).",
      });
      expect(slow.state.finished).toBe(0);
    } finally {
      await slow.close();
    }
  });

  it("fails a delivery at once, without sending, when the secret cannot be decrypted", async () => {
    const receiver = await startWebhookReceiver();
    try {
      const { ctx } = await makeWorkspace(db());
      const webhook = await createWebhook(deps, ctx, { url: receiver.url, events: ["story.published"] });
      await db().webhook.update({ where: { id: webhook.id }, data: { secretTag: new Uint8Array(16) } });
      await sendTestWebhook({ db: db(), queue: worker.queue }, ctx, webhook.id);
      const [failed] = await eventually(
        () => deliveries(ctx, webhook.id),
        (rows) => rows[0]?.status === "FAILED",
      );
      expect(failed).toMatchObject({ attempts: 1, lastStatusCode: null });
      expect(failed?.lastError).toMatch(/cannot be decrypted/);
      expect(receiver.received).toHaveLength(0);
    } finally {
      await receiver.close();
    }
  });

  it("refuses private endpoints unless allowed, unknown events, and other roles and workspaces", async () => {
    const { ctx, workspace } = await makeWorkspace(db());
    const strict = { ...deps, allowPrivate: false };
    for (const url of [
      "http://127.0.0.1:8080/hook",
      "http://localhost/hook",
      "http://169.254.169.254/",
      "http://[fd00::1]/",
    ]) {
      const error = await expectAppError(
        createWebhook(strict, ctx, { url, events: ["story.published"] }),
        "INVALID_INPUT",
      );
      expect(error.details.fields?.url, url).toMatch(/private or reserved/);
    }
    await expectAppError(
      createWebhook(deps, ctx, { url: "ftp://example.com/x", events: ["story.published"] }),
      "INVALID_INPUT",
    );
    await expectAppError(
      createWebhook(deps, ctx, {
        url: "https://example.com/x",
        events: ["story.exploded" as "story.published"],
      }),
      "INVALID_INPUT",
    );
    const editor = await makeMember(db(), workspace, "EDITOR");
    await expectAppError(
      createWebhook(deps, editor, { url: "https://example.com/x", events: ["story.published"] }),
      "FORBIDDEN",
    );
    expect(await db().webhook.count({ where: { workspaceId: workspace.id } })).toBe(0);

    const mine = await createWebhook(deps, ctx, {
      url: "http://127.0.0.1:9/hook",
      events: ["story.published"],
    });
    const other = await makeWorkspace(db());
    await expectAppError(deleteWebhook(db(), other.ctx, mine.id), "NOT_FOUND");
    await expectAppError(listWebhookDeliveries(db(), other.ctx, mine.id), "NOT_FOUND");
    await expectAppError(sendTestWebhook({ db: db(), queue: worker.queue }, other.ctx, mine.id), "NOT_FOUND");
    await deleteWebhook(db(), ctx, mine.id);
    expect(await db().webhook.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });

  describe("events from the real publishing pipeline", () => {
    let p: Pipeline;
    beforeAll(async () => {
      p = await startPipeline();
      setApiDepsForTests({ queues: p.deps.queues });
    }, 60_000);
    afterAll(() => p.close());

    it("sends story.published for a story scheduled through the API", async () => {
      const receiver = await startWebhookReceiver();
      try {
        const webhook = await createWebhook(deps, p.ctx, { url: receiver.url, events: ["story.published"] });
        const key = await makeApiKey(db(), p.workspace.id, "EDITOR");
        const image = await p.image();
        const created = await callApi("POST", "/stories", {
          key: key.key,
          json: {
            brandId: p.brand.id,
            channelIds: p.channels.map((c) => c.id),
            frames: [image.id],
            when: { now: true },
          },
        });
        expect(created.status).toBe(201);

        await eventually(
          async () => receiver.received.length,
          (n) => n >= 1,
          30_000,
        );
        const [request] = receiver.received;
        expect(request?.headers["storyrelay-event"]).toBe("story.published");
        expect(
          verifyWebhookSignature({
            secret: webhook.secret,
            header: request?.headers["storyrelay-signature"] as string,
            body: request?.body ?? "",
          }),
        ).toBe(true);
        const event = JSON.parse(request?.body ?? "{}");
        expect(event.data.story).toMatchObject({ id: created.body.id, status: "PUBLISHED" });
        expect(event.data.story.targets).toHaveLength(3);
        // Instants in the ISO form (…Z) every event uses, not Postgres' own text.
        const iso = (value: string) => new Date(value).toISOString();
        expect(event.data.story.publishedAt).toBe(iso(event.data.story.publishedAt));
        for (const target of event.data.story.targets) {
          expect(target.publishedAt).toBe(iso(target.publishedAt));
          expect(target.state).toBe("PUBLISHED");
          expect(target.externalMediaIds[0]).toBeTruthy();
          expect(target.error).toBeNull();
        }
        const story = await callApi("GET", `/stories/${created.body.id}`, { key: key.key });
        expect(
          story.body.targets.map(
            (t: { frames: { externalMediaId: string }[] }) => t.frames[0]?.externalMediaId,
          ),
        ).toEqual(event.data.story.targets.map((t: { externalMediaIds: string[] }) => t.externalMediaIds[0]));
      } finally {
        await receiver.close();
      }
    });

    it("sends story.failed with each target's error when the platform refuses the media", async () => {
      const receiver = await startWebhookReceiver();
      try {
        await createWebhook(deps, p.ctx, {
          url: receiver.url,
          events: ["story.published", "story.failed", "story.partially_failed"],
        });
        // A PNG served as a JPEG: Instagram refuses it for good.
        const png = Buffer.from(
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
            sizeBytes: png.length,
            checksum: createHash("sha256").update(png).digest("hex"),
            storageKey: `${p.workspace.id}/webhook-png-as-jpeg.jpg`,
          },
        });
        p.media.serve(`/${asset.storageKey}`, png, "image/jpeg");
        const key = await makeApiKey(db(), p.workspace.id, "EDITOR");
        const created = await callApi("POST", "/stories", {
          key: key.key,
          json: {
            brandId: p.brand.id,
            channelIds: [p.channels[0]?.id],
            frames: [asset.id],
            when: { now: true },
          },
        });
        expect(created.status).toBe(201);
        const events = await eventually(
          async () => receiver.received.map((r) => JSON.parse(r.body)),
          (list) => list.some((e) => e.data.story?.id === created.body.id),
          30_000,
        );
        const event = events.find((e) => e.data.story?.id === created.body.id);
        expect(event).toMatchObject({ type: "story.failed", data: { story: { status: "FAILED" } } });
        expect(event.data.story.targets[0]).toMatchObject({ state: "FAILED", permalink: null });
        expect(event.data.story.targets[0].error.message).toMatch(/JPEG/i);
      } finally {
        await receiver.close();
      }
    });

    it("sends channel.needs_reauth when a channel's session ends, and nothing the endpoint did not subscribe to", async () => {
      const receiver = await startWebhookReceiver();
      try {
        await createWebhook(deps, p.ctx, { url: receiver.url, events: ["channel.needs_reauth"] });
        const whatsapp = p.channels[2];
        await p.fault({
          platform: "whatsapp",
          accountId: whatsapp?.externalAccountId,
          kind: "session_state",
          state: "SCAN_QR_CODE",
        });
        const image = await p.image();
        const key = await makeApiKey(db(), p.workspace.id, "EDITOR");
        const created = await callApi("POST", "/stories", {
          key: key.key,
          json: { brandId: p.brand.id, channelIds: [whatsapp?.id], frames: [image.id], when: { now: true } },
        });
        expect(created.status).toBe(201);
        await eventually(
          async () => receiver.received.length,
          (n) => n >= 1,
          30_000,
        );
        const event = JSON.parse(receiver.received[0]?.body ?? "{}");
        expect(event).toMatchObject({
          type: "channel.needs_reauth",
          data: { channel: { id: whatsapp?.id, platform: "WHATSAPP", status: "NEEDS_REAUTH" } },
        });
        expect(receiver.received.every((r) => r.headers["storyrelay-event"] === "channel.needs_reauth")).toBe(
          true,
        );
      } finally {
        await p.fault({
          platform: "whatsapp",
          accountId: p.channels[2]?.externalAccountId,
          kind: "session_state",
          state: "WORKING",
        });
        await receiver.close();
      }
    });
  });
});
