import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { createLogger } from "@/lib/logger";
import { publisherFor } from "@/lib/publishers/registry";
import { createEndpointResolver } from "@/lib/publishing/endpoints";
import { resumeHeldTargets } from "@/lib/publishing/resume-held-targets";
import { createPublishQueues, type PublishQueues } from "@/lib/queue/publish-queues";
import { scheduleStory } from "@/lib/stories/schedule-story";
import { makeBrand, makeMediaAsset, makeMember, makeWorkspace } from "@/prisma/factories";
import { type RunningSimulator, startSimulator } from "@/simulators/server";
import { expectAppError } from "@/test/assert/expect-app-error";
import { jpeg } from "@/test/media/media-fixtures";
import { type PollWhatsAppPairingDeps, pollWhatsAppPairing } from "./poll-whatsapp-pairing";
import { readCredentials } from "./read-credentials";
import { startWhatsAppPairing } from "./start-whatsapp-pairing";

const PNG_MAGIC = "89504e470d0a1a0a";

describe("WhatsApp pairing by QR code", () => {
  let sim: RunningSimulator;
  let queues: PublishQueues;
  let deps: PollWhatsAppPairingDeps;
  const box = secretBoxFromEnv(env());

  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
    queues = createPublishQueues(env().REDIS_URL, `test-${randomUUID()}`);
    deps = {
      db: db(),
      box,
      resumeHeldTargets: (channel) => resumeHeldTargets({ db: db(), queues }, channel),
      endpointsFor: createEndpointResolver({
        GRAPH_API_VERSION: "v25.0",
        META_GRAPH_URL: `${sim.url}/facebook`,
        INSTAGRAM_GRAPH_URL: `${sim.url}/instagram`,
        PUBLISH_HTTP_TIMEOUT_MS: 5_000,
        SIMULATOR_URL: sim.url,
      }),
      publisherFor,
      inboundHookFor: (channelId) => ({
        url: `https://storyrelay.test/api/webhooks/waha/${channelId}`,
        hmacKey: "k",
      }),
    };
  });
  afterAll(async () => {
    for (const shard of queues.publishShards) await shard.obliterate({ force: true }).catch(() => undefined);
    await queues.dispatch.obliterate({ force: true }).catch(() => undefined);
    await queues.close();
    await sim.close();
  });

  const control = async (path: string, body?: unknown) => {
    const response = await fetch(`${sim.url}/_sim/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(response.ok, await response.clone().text()).toBe(true);
    return response.json();
  };

  async function setup() {
    const { workspace, ctx } = await makeWorkspace(db());
    const brand = await makeBrand(db(), workspace.id, { name: `Acme ${randomUUID().slice(0, 6)}` });
    const session = `s${randomUUID().slice(0, 8)}`;
    const apiKey = `gw-key-${randomUUID()}`;
    const fields = {
      brandId: brand.id,
      gatewayUrl: `${sim.url}/waha`,
      session,
      apiKey,
      acknowledgeUnofficial: true,
    };
    return { workspace, ctx, brand, session, apiKey, fields };
  }

  /** Every stored byte of the workspace's rows a key could leak into, as text. */
  async function storedText(workspaceId: string): Promise<string> {
    const [channels, pairings, audit] = await Promise.all([
      db().channel.findMany({ where: { workspaceId } }),
      db().whatsAppPairing.findMany({ where: { workspaceId } }),
      db().auditLog.findMany({ where: { workspaceId } }),
    ]);
    const sealed = pairings.map((p) => Buffer.concat([p.iv, p.authTag, p.ciphertext]).toString("latin1"));
    return JSON.stringify({ channels, pairings, audit }) + sealed.join("");
  }

  it("pairs: QR code while waiting, then WORKING saves the channel with its number, once", async () => {
    const { ctx, brand, session, apiKey, fields } = await setup();
    const started = await startWhatsAppPairing(deps, ctx, fields);
    expect(started.state).toBe("SCAN_QR_CODE");
    expect(JSON.stringify(started)).not.toContain(apiKey);
    expect(await db().channel.count({ where: { brandId: brand.id } })).toBe(0);

    const waiting = await pollWhatsAppPairing(deps, ctx, { pairingId: started.pairingId });
    expect(waiting.state).toBe("SCAN_QR_CODE");
    expect(("qrPng" in waiting ? waiting.qrPng : undefined)?.subarray(0, 8).toString("hex")).toBe(PNG_MAGIC);
    expect(await db().channel.count({ where: { brandId: brand.id } })).toBe(0);

    await control(`sessions/${session}/scan`);
    const done = await pollWhatsAppPairing(deps, ctx, { pairingId: started.pairingId });
    if (done.state !== "WORKING") throw new Error(`expected WORKING, got ${done.state}`);
    expect(done.number).toMatch(/^316\d{8}$/);
    expect(done.channel.displayName).toContain(`+${done.number}`);
    expect(JSON.stringify(done)).not.toContain(apiKey);
    const channel = await db().channel.findFirstOrThrow({ where: { brandId: brand.id } });
    expect(channel).toMatchObject({
      id: done.channel.id,
      platform: "WHATSAPP",
      externalAccountId: session,
      status: "CONNECTED",
      sessionState: "WORKING",
      config: { mode: "gateway", gatewayUrl: `${sim.url}/waha` },
    });
    expect(await readCredentials(db(), box, channel)).toEqual({ apiKey });
    expect(await storedText(ctx.workspaceId)).not.toContain(apiKey);
    // The session now posts its messages to the channel's inbox URL.
    const config = await fetch(`${sim.url}/waha/api/sessions/${session}`, {
      headers: { "x-api-key": apiKey },
    });
    expect((await config.json()).config.webhooks).toEqual([
      expect.objectContaining({
        url: `https://storyrelay.test/api/webhooks/waha/${channel.id}`,
        events: ["message", "message.reaction", "message.any"],
        hmac: { key: "k" },
      }),
    ]);

    // Looking again answers from the pairing: still one channel, nothing connected twice.
    const again = await pollWhatsAppPairing(deps, ctx, { pairingId: started.pairingId });
    expect(again).toMatchObject({ state: "WORKING", channel: { id: channel.id } });
    expect(await db().channel.count({ where: { brandId: brand.id } })).toBe(1);
    expect(await db().auditLog.count({ where: { entityId: channel.id, action: "channel.connect" } })).toBe(1);
  });

  it("refuses a wrong key, an unreachable gateway and bad fields, storing nothing", async () => {
    const { ctx, brand, fields } = await setup();
    await startWhatsAppPairing(deps, ctx, fields);
    // The session now belongs to that key; another key is refused by the gateway.
    expect(
      (
        await expectAppError(
          startWhatsAppPairing(deps, ctx, { ...fields, apiKey: `other-${randomUUID()}` }),
          "INVALID_INPUT",
        )
      ).message,
    ).toMatch(/refused this API key/);
    expect(
      (
        await expectAppError(
          startWhatsAppPairing(deps, ctx, { ...fields, gatewayUrl: "http://127.0.0.1:1" }),
          "INVALID_INPUT",
        )
      ).message,
    ).toMatch(/could not be reached/);
    expect(
      (
        await expectAppError(
          startWhatsAppPairing(deps, ctx, { ...fields, acknowledgeUnofficial: false }),
          "INVALID_INPUT",
        )
      ).message,
    ).toMatch(/risk of the unofficial gateway/);
    expect(
      (
        await expectAppError(
          startWhatsAppPairing(deps, ctx, { ...fields, session: "bad name!" }),
          "INVALID_INPUT",
        )
      ).message,
    ).toMatch(/session name/);
    // A gateway that echoes the key in its error: the refusal quotes the gateway without the key.
    await control("faults", {
      kind: "http_status",
      platform: "whatsapp",
      operation: "sessions",
      status: 500,
      count: 1,
      body: JSON.stringify({ statusCode: 500, message: `engine crashed for key ${fields.apiKey}` }),
    });
    const echoed = await expectAppError(startWhatsAppPairing(deps, ctx, fields), "INVALID_INPUT");
    expect(echoed.message).toContain("engine crashed for key [redacted]");
    expect(echoed.message).not.toContain(fields.apiKey);
    expect(await db().whatsAppPairing.count({ where: { brandId: brand.id } })).toBe(1);
    expect(await db().channel.count({ where: { brandId: brand.id } })).toBe(0);
  });

  it("refuses forged, foreign and other people's pairing ids, and foreign brands and channels", async () => {
    const mine = await setup();
    const theirs = await setup();
    const started = await startWhatsAppPairing(deps, mine.ctx, mine.fields);
    await expectAppError(pollWhatsAppPairing(deps, mine.ctx, { pairingId: "forged" }), "NOT_FOUND");
    await expectAppError(
      pollWhatsAppPairing(deps, theirs.ctx, { pairingId: started.pairingId }),
      "NOT_FOUND",
    );
    // A colleague in the same workspace cannot watch (and so save) someone else's pairing either.
    const colleague = await makeMember(db(), mine.workspace, "ADMIN");
    await expectAppError(pollWhatsAppPairing(deps, colleague, { pairingId: started.pairingId }), "NOT_FOUND");
    await expectAppError(
      startWhatsAppPairing(deps, mine.ctx, { ...mine.fields, brandId: theirs.brand.id }),
      "NOT_FOUND",
    );
    const editor = await makeMember(db(), mine.workspace, "EDITOR");
    await expectAppError(startWhatsAppPairing(deps, editor, mine.fields), "FORBIDDEN");

    const theirPairing = await startWhatsAppPairing(deps, theirs.ctx, theirs.fields);
    await control(`sessions/${theirs.session}/scan`);
    const saved = await pollWhatsAppPairing(deps, theirs.ctx, { pairingId: theirPairing.pairingId });
    if (saved.state !== "WORKING") throw new Error("expected WORKING");
    await expectAppError(
      startWhatsAppPairing(deps, mine.ctx, { brandId: mine.brand.id, channelId: saved.channel.id }),
      "NOT_FOUND",
    );
  });

  it("an expired pairing is refused and saves nothing", async () => {
    const { ctx, brand, session, fields } = await setup();
    const started = await startWhatsAppPairing(deps, ctx, fields);
    await control(`sessions/${session}/scan`);
    const later = () => new Date(Date.now() + 16 * 60_000);
    const expired = await expectAppError(
      pollWhatsAppPairing({ ...deps, now: later }, ctx, { pairingId: started.pairingId }),
      "INVALID_INPUT",
    );
    expect(expired.message).toMatch(/expired/);
    expect(await db().channel.count({ where: { brandId: brand.id } })).toBe(0);
  });

  it("re-pair after a logout: QR again, scan, and the held story resumes once", async () => {
    const { workspace, ctx, brand, session, fields } = await setup();
    const first = await startWhatsAppPairing(deps, ctx, fields);
    await control(`sessions/${session}/scan`);
    const paired = await pollWhatsAppPairing(deps, ctx, { pairingId: first.pairingId });
    if (paired.state !== "WORKING") throw new Error("expected WORKING");

    // The pipeline's state after the gateway refused a send: the channel needs re-pairing.
    await control("faults", { kind: "logout", platform: "whatsapp", accountId: session });
    const asset = await makeMediaAsset(db(), workspace.id, {
      kind: "IMAGE",
      bytes: jpeg(),
      mimeType: "image/jpeg",
    });
    const story = await scheduleStory({ db: db(), queues, logger: createLogger("test", "silent") }, ctx, {
      brandId: brand.id,
      channelIds: [paired.channel.id],
      frames: [asset.id],
      when: { now: true },
    });
    await db().story.update({ where: { id: story.id }, data: { status: "PUBLISHING" } });
    await db().storyTarget.updateMany({ where: { storyId: story.id }, data: { state: "NEEDS_REAUTH" } });
    await db().channel.update({
      where: { id: paired.channel.id },
      data: { status: "NEEDS_REAUTH", statusReason: "Restart the WhatsApp session…" },
    });

    const repair = await startWhatsAppPairing(deps, ctx, { brandId: brand.id, channelId: paired.channel.id });
    expect(repair.state).toBe("SCAN_QR_CODE");
    const qr = await pollWhatsAppPairing(deps, ctx, { pairingId: repair.pairingId });
    expect(("qrPng" in qr ? qr.qrPng : undefined)?.subarray(0, 8).toString("hex")).toBe(PNG_MAGIC);
    expect(await db().channel.findUniqueOrThrow({ where: { id: paired.channel.id } })).toMatchObject({
      sessionState: "SCAN_QR_CODE",
      status: "NEEDS_REAUTH",
    });
    await control(`sessions/${session}/scan`);
    const done = await pollWhatsAppPairing(deps, ctx, { pairingId: repair.pairingId });
    expect(done).toMatchObject({ state: "WORKING", reconnected: true, resumedTargets: 1 });
    const again = await pollWhatsAppPairing(deps, ctx, { pairingId: repair.pairingId });
    expect(again).toMatchObject({ state: "WORKING", resumedTargets: 0 });
    expect(await db().channel.findUniqueOrThrow({ where: { id: paired.channel.id } })).toMatchObject({
      status: "CONNECTED",
      sessionState: "WORKING",
    });
    const target = await db().storyTarget.findFirstOrThrow({ where: { storyId: story.id } });
    expect(target.state).toBe("PENDING");
  });

  it("a session that is still STARTING shows no QR code yet and saves nothing; then the QR code", async () => {
    const slow = await startSimulator({ port: 0, whatsapp: { sessionStartingMs: 5_000 } });
    try {
      const { ctx, brand, fields } = await setup();
      const started = await startWhatsAppPairing(deps, ctx, { ...fields, gatewayUrl: `${slow.url}/waha` });
      expect(started.state).toBe("STARTING");
      expect(await pollWhatsAppPairing(deps, ctx, { pairingId: started.pairingId })).toEqual({
        state: "STARTING",
      });
      await fetch(`${slow.url}/_sim/clock`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ advanceMs: 5_000 }),
      });
      const waiting = await pollWhatsAppPairing(deps, ctx, { pairingId: started.pairingId });
      expect(waiting.state).toBe("SCAN_QR_CODE");
      expect(await db().channel.count({ where: { brandId: brand.id } })).toBe(0);
    } finally {
      await slow.close();
    }
  });

  it("a gateway that stops answering mid-pairing is reported as unreachable, and the pairing goes on", async () => {
    const flaky = await startSimulator({ port: 0 });
    const { ctx, brand, fields } = await setup();
    const started = await startWhatsAppPairing(deps, ctx, { ...fields, gatewayUrl: `${flaky.url}/waha` });
    await flaky.close();
    const view = await pollWhatsAppPairing(deps, ctx, { pairingId: started.pairingId });
    expect(view).toEqual({
      state: "UNREACHABLE",
      reason: `The WhatsApp gateway at ${flaky.url}/waha could not be reached; trying again.`,
    });
    expect(JSON.stringify(view)).not.toContain(fields.apiKey);
    const pairing = await db().whatsAppPairing.findUniqueOrThrow({ where: { id: started.pairingId } });
    expect(pairing).toMatchObject({ completedAt: null, state: "SCAN_QR_CODE" });
    expect(await db().channel.count({ where: { brandId: brand.id } })).toBe(0);
  });
});
