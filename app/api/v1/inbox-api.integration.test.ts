import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authSecret } from "@/lib/channels/credentials";
import { readCredentials } from "@/lib/channels/read-credentials";
import { registerSandboxAccount } from "@/lib/channels/register-sandbox-accounts";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { messagingSenderFor } from "@/lib/publishers/messaging-registry";
import { createEndpointResolver } from "@/lib/publishing/endpoints";
import { redis } from "@/lib/redis/client";
import { makeApiKey, makeBrand, makeSandboxChannels, makeWorkspace } from "@/prisma/factories";
import { type ApiTestDeps, callApi, setUpApiDeps } from "@/test/api/api-test-kit";
import { makeConversation } from "@/test/inbox/inbox-factory";
import { startTestSimulator, type TestSimulator } from "@/test/simulators/sim-client";

const box = secretBoxFromEnv(env());
let sim: TestSimulator;
let api: ApiTestDeps;

beforeAll(async () => {
  sim = await startTestSimulator();
  api = await setUpApiDeps({
    inbox: {
      db: db(),
      redis: redis(),
      box,
      endpointsFor: createEndpointResolver({
        GRAPH_API_VERSION: "v25.0",
        META_GRAPH_URL: `${sim.base}/facebook`,
        INSTAGRAM_GRAPH_URL: `${sim.base}/instagram`,
        PUBLISH_HTTP_TIMEOUT_MS: 5_000,
        SIMULATOR_URL: sim.base,
      }),
      senderFor: messagingSenderFor,
      mediaUrlFor: (asset) => `${sim.base}/_test/${asset.storageKey}`,
    },
  });
});
afterAll(async () => {
  await api.close();
  await sim.close();
});

/** A workspace whose Instagram sandbox account got a message from a person, stored as a conversation. */
async function inbox() {
  const { workspace } = await makeWorkspace(db());
  const brand = await makeBrand(db(), workspace.id);
  const [channel] = await makeSandboxChannels(db(), box, brand, ["INSTAGRAM"]);
  if (!channel) throw new Error("channel");
  await registerSandboxAccount(
    { simulatorUrl: sim.base },
    { ...channel, platform: "INSTAGRAM" },
    authSecret(await readCredentials(db(), box, channel)),
  );
  const wrote = await sim.control("POST", "viewers/messages", {
    platform: "instagram",
    accountId: channel.externalAccountId,
    kind: "text",
    text: "Is this in stock?",
  });
  expect(wrote.status).toBe(201);
  const now = new Date((await sim.control("GET", "clock")).body.now);
  const conversation = await makeConversation(db(), channel, {
    participantId: wrote.body.viewer.id,
    lastInboundAt: now,
    withMessage: { text: "Is this in stock?" },
  });
  const owner = (await makeApiKey(db(), workspace.id, "OWNER")).key;
  const viewer = (await makeApiKey(db(), workspace.id, "VIEWER")).key;
  const ledger = async () =>
    (await sim.control("GET", `messages?platform=instagram&accountId=${channel.externalAccountId}`)).body
      .data;
  return { workspace, brand, channel, conversation, owner, viewer, ledger };
}

describe("the inbox API", () => {
  it("lists conversations and their messages; another workspace's conversation is 404", async () => {
    const a = await inbox();
    const listed = await callApi("GET", `/conversations?brandId=${a.brand.id}&status=OPEN`, {
      key: a.viewer,
    });
    expect(listed.status).toBe(200);
    expect(listed.body.data).toMatchObject([
      {
        id: a.conversation.id,
        brandId: a.brand.id,
        channel: { platform: "INSTAGRAM" },
        person: { id: a.conversation.participantId },
        status: "OPEN",
        unreadCount: 1,
        replyClosedReason: null,
      },
    ]);
    expect(typeof listed.body.data[0].replyWindowClosesAt).toBe("string");
    const messages = await callApi("GET", `/conversations/${a.conversation.id}/messages`, { key: a.viewer });
    expect(messages.status).toBe(200);
    expect(messages.body.data).toMatchObject([{ direction: "INBOUND", text: "Is this in stock?" }]);

    const b = await inbox();
    const foreign = await callApi("GET", `/conversations/${a.conversation.id}/messages`, { key: b.owner });
    expect(foreign.status).toBe(404);
    const foreignSend = await callApi("POST", `/conversations/${a.conversation.id}/messages`, {
      key: b.owner,
      json: { text: "Hi", clientId: randomUUID() },
    });
    expect(foreignSend.status).toBe(404);
    expect(foreignSend.headers.get("content-type")).toContain("application/problem+json");
    expect(await a.ledger()).toEqual([]);
  });

  it("sends once per Idempotency-Key or clientId, refuses a viewer and a request with neither", async () => {
    const a = await inbox();
    const path = `/conversations/${a.conversation.id}/messages`;
    const denied = await callApi("POST", path, {
      key: a.viewer,
      json: { text: "Hi", clientId: randomUUID() },
    });
    expect(denied.status).toBe(403);
    const neither = await callApi("POST", path, { key: a.owner, json: { text: "Hi" } });
    expect(neither.status).toBe(422);
    expect(neither.body.detail).toMatch(/Idempotency-Key/);
    expect(await a.ledger()).toEqual([]);

    const headers = { "idempotency-key": `reply-${randomUUID()}` };
    const first = await callApi("POST", path, { key: a.owner, json: { text: "Yes, in stock!" }, headers });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ direction: "OUTBOUND", sendState: "SENT", text: "Yes, in stock!" });
    const replay = await callApi("POST", path, { key: a.owner, json: { text: "Yes, in stock!" }, headers });
    expect(replay.body.id).toBe(first.body.id);

    const clientId = randomUUID();
    const second = await callApi("POST", path, { key: a.owner, json: { text: "Anything else?", clientId } });
    const again = await callApi("POST", path, { key: a.owner, json: { text: "Anything else?", clientId } });
    expect(second.status).toBe(201);
    expect(again.body.id).toBe(second.body.id);
    expect((await a.ledger()).map((m: { text: string }) => m.text)).toEqual([
      "Yes, in stock!",
      "Anything else?",
    ]);

    const tooLong = await callApi("POST", path, {
      key: a.owner,
      json: { text: "x".repeat(1001), clientId: randomUUID() },
    });
    expect(tooLong.status).toBe(422);
    expect(await a.ledger()).toHaveLength(2);
  });
});
