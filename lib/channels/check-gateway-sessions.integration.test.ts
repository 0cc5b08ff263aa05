import { randomUUID } from "node:crypto";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { publisherFor } from "@/lib/publishers/registry";
import { createEndpointResolver } from "@/lib/publishing/endpoints";
import { makeBrand, makeWorkspace } from "@/prisma/factories";
import { type RunningSimulator, startSimulator } from "@/simulators/server";
import { checkGatewaySessions, SESSION_CHECK_EVERY_MS } from "./check-gateway-sessions";
import { pollWhatsAppPairing } from "./poll-whatsapp-pairing";
import { startWhatsAppPairing } from "./start-whatsapp-pairing";

describe("checkGatewaySessions", () => {
  let sim: RunningSimulator;
  const box = secretBoxFromEnv(env());
  // Every log line the checker writes, to make sure no API key is among them.
  const lines: string[] = [];
  const logger = pino({ level: "debug" }, { write: (line: string) => lines.push(line) });

  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
  });
  afterAll(async () => {
    await sim.close();
  });

  const control = async (path: string, body?: unknown) => {
    const response = await fetch(`${sim.url}/_sim/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(response.ok, await response.clone().text()).toBe(true);
  };

  /** A channel paired by QR code against the simulator, as the pairing page leaves it. */
  async function pairedChannel(gatewayUrl = `${sim.url}/waha`) {
    const { workspace, ctx } = await makeWorkspace(db());
    const brand = await makeBrand(db(), workspace.id, { name: `Deli ${randomUUID().slice(0, 6)}` });
    const session = `s${randomUUID().slice(0, 8)}`;
    const apiKey = `gw-key-${randomUUID()}`;
    const started = await startWhatsAppPairing({ db: db(), box }, ctx, {
      brandId: brand.id,
      gatewayUrl: `${sim.url}/waha`,
      session,
      apiKey,
      acknowledgeUnofficial: true,
    });
    await control(`sessions/${session}/scan`);
    const deps = {
      db: db(),
      box,
      resumeHeldTargets: async () => 0,
      endpointsFor: createEndpointResolver({
        GRAPH_API_VERSION: "v25.0",
        META_GRAPH_URL: `${sim.url}/facebook`,
        INSTAGRAM_GRAPH_URL: `${sim.url}/instagram`,
        PUBLISH_HTTP_TIMEOUT_MS: 5_000,
        SIMULATOR_URL: sim.url,
      }),
      publisherFor,
    };
    const done = await pollWhatsAppPairing(deps, ctx, { pairingId: started.pairingId });
    if (done.state !== "WORKING") throw new Error("expected WORKING");
    // Seen long enough ago to be looked at again; the gateway address may have moved since.
    await db().channel.update({
      where: { id: done.channel.id },
      data: {
        sessionCheckedAt: new Date(Date.now() - SESSION_CHECK_EVERY_MS - 1_000),
        config: { mode: "gateway", gatewayUrl },
      },
    });
    return { ctx, channelId: done.channel.id, session, apiKey };
  }

  const run = (now = new Date()) =>
    checkGatewaySessions({ db: db(), box, logger, now: () => now, timeoutMs: 2_000 });

  it("a logged-out session marks its channel for re-pairing and tells the owners; a working one stays", async () => {
    const broken = await pairedChannel();
    const fine = await pairedChannel();
    await control("faults", { kind: "logout", platform: "whatsapp", accountId: broken.session });
    const now = new Date();
    const report = await run(now);
    expect(report.needsRepair).toBeGreaterThanOrEqual(1);

    expect(await db().channel.findUniqueOrThrow({ where: { id: broken.channelId } })).toMatchObject({
      status: "NEEDS_REAUTH",
      sessionState: "FAILED",
      sessionCheckedAt: now,
      statusReason: expect.stringContaining("press Re-pair"),
    });
    expect(
      await db().notification.count({
        where: { workspaceId: broken.ctx.workspaceId, kind: "channel.needs_reauth" },
      }),
    ).toBe(1);
    expect(await db().channel.findUniqueOrThrow({ where: { id: fine.channelId } })).toMatchObject({
      status: "CONNECTED",
      sessionState: "WORKING",
      sessionCheckedAt: now,
    });

    // Looked at just now: the next run leaves both alone, and a flagged channel is not told twice.
    await run(new Date(now.getTime() + 1_000));
    expect(
      await db().notification.count({
        where: { workspaceId: broken.ctx.workspaceId, kind: "channel.needs_reauth" },
      }),
    ).toBe(1);
  });

  it("an unreachable gateway changes nothing", async () => {
    const away = await pairedChannel("http://127.0.0.1:1");
    const before = await db().channel.findUniqueOrThrow({ where: { id: away.channelId } });
    lines.length = 0;
    const report = await run();
    expect(report.failed).toBeGreaterThanOrEqual(1);
    expect(lines.join("\n")).toContain("could not check the WhatsApp gateway session");
    expect(lines.join("\n")).not.toContain(away.apiKey);
    expect(await db().channel.findUniqueOrThrow({ where: { id: away.channelId } })).toMatchObject({
      status: "CONNECTED",
      sessionState: "WORKING",
      sessionCheckedAt: before.sessionCheckedAt,
    });
  });
});
