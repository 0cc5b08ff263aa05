import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSecretBox, secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { createLogger } from "@/lib/logger";
import { makeBrand, makeMember, makeSandboxChannels, makeWorkspace } from "@/prisma/factories";
import { type RunningSimulator, startSimulator } from "@/simulators/server";
import { expectAppError } from "@/test/assert/expect-app-error";
import { addSandboxChannel } from "./add-sandbox-channel";
import { authSecret } from "./credentials";
import { readCredentials } from "./read-credentials";
import { registerSandboxAccounts } from "./register-sandbox-accounts";

describe("sandbox channels", () => {
  let simulator: RunningSimulator;
  beforeAll(async () => {
    simulator = await startSimulator({ port: 0 });
  });
  afterAll(() => simulator.close());

  async function demoBrandChannels() {
    const { workspace } = await makeWorkspace(db());
    const brand = await makeBrand(db(), workspace.id);
    const box = secretBoxFromEnv(env());
    const channels = await makeSandboxChannels(db(), box, brand);
    const secrets = await Promise.all(
      channels.map(async (c) => authSecret(await readCredentials(db(), box, c))),
    );
    return { box, channels, secrets };
  }

  it("stores credentials encrypted, never in the clear", async () => {
    const { channels, secrets } = await demoBrandChannels();
    const rows = await db().channelCredential.findMany({
      where: { channelId: { in: channels.map((c) => c.id) } },
    });
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      const stored = Buffer.concat([row.iv, row.authTag, row.ciphertext]).toString("latin1");
      for (const secret of secrets) expect(stored).not.toContain(secret);
    }
    const channelRows = JSON.stringify(
      await db().channel.findMany({ where: { id: { in: channels.map((c) => c.id) } } }),
    );
    for (const secret of secrets) expect(channelRows).not.toContain(secret);
  });

  it("registers every sandbox account with the simulators, whose APIs then accept their tokens", async () => {
    const { box, channels, secrets } = await demoBrandChannels();
    const logger = createLogger("test", "silent");
    const deps = { db: db(), box, simulatorUrl: simulator.url, logger };
    await registerSandboxAccounts(deps);
    // A second run (a worker restarting) changes nothing.
    await registerSandboxAccounts(deps);

    const listed = (await (await fetch(`${simulator.url}/_sim/accounts`)).json()) as unknown;
    const ids = JSON.stringify(listed);
    for (const channel of channels) expect(ids).toContain(channel.externalAccountId);

    const [instagram, facebook, whatsapp] = channels;
    const [igToken, fbToken, wahaKey] = secrets;
    const igLimit = await fetch(
      `${simulator.url}/instagram/v25.0/${instagram?.externalAccountId}/content_publishing_limit?fields=quota_usage,config&access_token=${igToken}`,
    );
    expect(igLimit.status).toBe(200);
    const fbStories = await fetch(`${simulator.url}/facebook/v25.0/${facebook?.externalAccountId}/stories`, {
      headers: { authorization: `Bearer ${fbToken}` },
    });
    expect(fbStories.status).toBe(200);
    const wahaId = await fetch(
      `${simulator.url}/waha/api/${whatsapp?.externalAccountId}/status/new-message-id`,
      {
        headers: { "x-api-key": wahaKey ?? "" },
      },
    );
    expect(wahaId.status).toBe(200);

    const wrongToken = await fetch(
      `${simulator.url}/instagram/v25.0/${instagram?.externalAccountId}/content_publishing_limit?access_token=not-the-token`,
    );
    expect(wrongToken.status).toBe(400);
    expect(((await wrongToken.json()) as { error: { code: number } }).error.code).toBe(190);
  });

  it("skips a channel whose credentials no longer decrypt, and registers the others", async () => {
    const { box, channels } = await demoBrandChannels();
    const { workspace } = await makeWorkspace(db());
    const brand = await makeBrand(db(), workspace.id);
    const [stale] = await makeSandboxChannels(db(), createSecretBox({ old: randomBytes(32) }, "old"), brand, [
      "INSTAGRAM",
    ]);
    const logger = createLogger("test", "silent");
    await registerSandboxAccounts({ db: db(), box, simulatorUrl: simulator.url, logger });
    const listed = JSON.stringify(await (await fetch(`${simulator.url}/_sim/accounts`)).json());
    expect(listed).not.toContain(stale?.externalAccountId);
    for (const channel of channels) expect(listed).toContain(channel.externalAccountId);
  });

  it("adds one sandbox channel per platform from the brand page, known to the simulators at once", async () => {
    const { workspace, ctx } = await makeWorkspace(db());
    const brand = await makeBrand(db(), workspace.id);
    const box = secretBoxFromEnv(env());
    const deps = { db: db(), box, simulatorUrl: simulator.url };
    const channel = await addSandboxChannel(deps, ctx, { brandId: brand.id, platform: "INSTAGRAM" });
    expect(channel).toMatchObject({ sandbox: true, status: "CONNECTED", platform: "INSTAGRAM" });

    // No worker has run: the simulator accepts the new channel's token straight away.
    const token = authSecret(await readCredentials(db(), box, channel));
    const limit = await fetch(
      `${simulator.url}/instagram/v25.0/${channel.externalAccountId}/content_publishing_limit?fields=quota_usage,config&access_token=${token}`,
    );
    expect(limit.status).toBe(200);

    // A second one on the same platform is refused, naming the field; nothing is written.
    const twin = await expectAppError(
      addSandboxChannel(deps, ctx, { brandId: brand.id, platform: "INSTAGRAM" }),
      "CONFLICT",
    );
    expect(twin.details.fields).toEqual({ platform: "Already added." });
    const bad = await expectAppError(
      addSandboxChannel(deps, ctx, { brandId: brand.id, platform: "MYSPACE" as never }),
      "INVALID_INPUT",
    );
    expect(bad.details.fields).toHaveProperty("platform");
    expect(await db().channel.count({ where: { brandId: brand.id } })).toBe(1);

    // Editors cannot connect channels; another workspace's owner does not find the brand.
    const editor = await makeMember(db(), workspace, "EDITOR");
    await expectAppError(
      addSandboxChannel(deps, editor, { brandId: brand.id, platform: "FACEBOOK" }),
      "FORBIDDEN",
    );
    const stranger = await makeWorkspace(db());
    await expectAppError(
      addSandboxChannel(deps, stranger.ctx, { brandId: brand.id, platform: "FACEBOOK" }),
      "NOT_FOUND",
    );
    expect(await db().channel.count({ where: { brandId: brand.id } })).toBe(1);
  });
});
