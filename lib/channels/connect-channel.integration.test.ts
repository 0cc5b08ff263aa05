import { randomUUID } from "node:crypto";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { createLogger } from "@/lib/logger";
import { publisherFor } from "@/lib/publishers/registry";
import { createEndpointResolver } from "@/lib/publishing/endpoints";
import { resumeHeldTargets } from "@/lib/publishing/resume-held-targets";
import { createPublishQueues, type PublishQueues } from "@/lib/queue/publish-queues";
import { publishJobId } from "@/lib/queue/queues";
import { scheduleStory } from "@/lib/stories/schedule-story";
import { makeBrand, makeMediaAsset, makeMember, makeWorkspace } from "@/prisma/factories";
import { type RunningSimulator, startSimulator } from "@/simulators/server";
import { expectAppError } from "@/test/assert/expect-app-error";
import { jpeg } from "@/test/media/media-fixtures";
import { type ConnectChannelDeps, connectChannel } from "./connect-channel";
import { readCredentials } from "./read-credentials";

type SimAccount = { id: string; name: string; token: string };

describe("connectChannel", () => {
  let sim: RunningSimulator;
  let queues: PublishQueues;
  let deps: ConnectChannelDeps;
  const box = secretBoxFromEnv(env());

  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
    queues = createPublishQueues(env().REDIS_URL, `test-${randomUUID()}`);
    // Real-channel endpoints pointed at the simulators: the same code path as Meta's hosts.
    const endpointsFor = createEndpointResolver({
      GRAPH_API_VERSION: "v25.0",
      META_GRAPH_URL: `${sim.url}/facebook`,
      INSTAGRAM_GRAPH_URL: `${sim.url}/instagram`,
      PUBLISH_HTTP_TIMEOUT_MS: 5_000,
      SIMULATOR_URL: sim.url,
    });
    deps = {
      db: db(),
      box,
      resumeHeldTargets: (channel) => resumeHeldTargets({ db: db(), queues }, channel),
      endpointsFor,
      publisherFor,
    };
  });
  afterAll(async () => {
    for (const shard of queues.publishShards) await shard.obliterate({ force: true }).catch(() => undefined);
    await queues.dispatch.obliterate({ force: true }).catch(() => undefined);
    await queues.close();
    await sim.close();
  });

  async function simAccount(body: Record<string, unknown>): Promise<SimAccount> {
    const response = await fetch(`${sim.url}/_sim/accounts`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    expect(response.ok, await response.clone().text()).toBe(true);
    return (await response.json()) as SimAccount;
  }

  async function brandOfNewWorkspace() {
    const { workspace, ctx } = await makeWorkspace(db());
    const brand = await makeBrand(db(), workspace.id, { name: `Acme ${randomUUID().slice(0, 6)}` });
    return { workspace, ctx, brand };
  }

  /** Every stored byte of the workspace's channel rows, credentials and audit log, as text. */
  async function storedText(workspaceId: string): Promise<string> {
    const [channels, credentials, audit] = await Promise.all([
      db().channel.findMany({ where: { workspaceId } }),
      db().channelCredential.findMany({ where: { workspaceId } }),
      db().auditLog.findMany({ where: { workspaceId } }),
    ]);
    const rawCredentials = credentials
      .map((c) => Buffer.concat([c.iv, c.authTag, c.ciphertext]).toString("latin1"))
      .join("");
    return JSON.stringify(channels) + JSON.stringify(audit) + rawCredentials;
  }

  it("connects an Instagram account with a good token: the platform's name, the token sealed", async () => {
    const { ctx, brand } = await brandOfNewWorkspace();
    const account = await simAccount({ platform: "instagram", name: "acme.bakery" });
    const { channel, reconnected } = await connectChannel(deps, ctx, {
      platform: "INSTAGRAM",
      brandId: brand.id,
      accountId: account.id,
      accessToken: account.token,
      host: "instagram",
    });
    expect(reconnected).toBe(false);
    expect(channel).toMatchObject({
      platform: "INSTAGRAM",
      externalAccountId: account.id,
      displayName: "acme.bakery",
      status: "CONNECTED",
      sandbox: false,
    });
    expect(JSON.stringify(channel)).not.toContain(account.token);
    expect(await storedText(ctx.workspaceId)).not.toContain(account.token);
    const row = await db().channel.findUniqueOrThrow({ where: { id: channel.id } });
    expect(await readCredentials(db(), box, row)).toEqual({ accessToken: account.token });
    const audit = await db().auditLog.findFirstOrThrow({ where: { entityId: channel.id } });
    expect(audit).toMatchObject({ action: "channel.connect", actorUserId: ctx.userId });
  });

  it("connects a Facebook Page and a WhatsApp gateway session", async () => {
    const { ctx, brand } = await brandOfNewWorkspace();
    const page = await simAccount({ platform: "facebook", name: "Acme Bakery Page" });
    const facebook = await connectChannel(deps, ctx, {
      platform: "FACEBOOK",
      brandId: brand.id,
      pageId: page.id,
      pageAccessToken: page.token,
    });
    expect(facebook.channel).toMatchObject({ displayName: "Acme Bakery Page", externalAccountId: page.id });

    const session = await simAccount({
      platform: "whatsapp",
      id: `acme-${randomUUID().slice(0, 8)}`,
      name: "Acme WhatsApp",
      token: `waha_${randomUUID()}`,
    });
    const whatsapp = await connectChannel(deps, ctx, {
      platform: "WHATSAPP",
      mode: "gateway",
      brandId: brand.id,
      gatewayUrl: `${sim.url}/waha/`,
      session: session.id,
      apiKey: session.token,
      acknowledgeUnofficial: true,
    });
    expect(whatsapp.channel).toMatchObject({ platform: "WHATSAPP", externalAccountId: session.id });
    const stored = await db().channel.findUniqueOrThrow({ where: { id: whatsapp.channel.id } });
    expect(stored.config).toEqual({ mode: "gateway", gatewayUrl: `${sim.url}/waha` });
    const text = await storedText(ctx.workspaceId);
    expect(text).not.toContain(page.token);
    expect(text).not.toContain(session.token);
  });

  it("refuses a wrong token with the platform's advice and writes nothing", async () => {
    const { ctx, brand } = await brandOfNewWorkspace();
    const account = await simAccount({ platform: "instagram" });
    const error = await expectAppError(
      connectChannel(deps, ctx, {
        platform: "INSTAGRAM",
        brandId: brand.id,
        accountId: account.id,
        accessToken: "IGAA-not-the-right-token",
        host: "instagram",
      }),
      "INVALID_INPUT",
    );
    expect(error.message).toMatch(/Instagram/);
    expect(error.message).toMatch(/platform code 190/);
    expect(error.message).not.toContain("IGAA-not-the-right-token");
    expect(await db().channel.count({ where: { workspaceId: ctx.workspaceId } })).toBe(0);
    expect(await db().channelCredential.count({ where: { workspaceId: ctx.workspaceId } })).toBe(0);
    expect(
      await db().auditLog.count({ where: { workspaceId: ctx.workspaceId, action: "channel.connect" } }),
    ).toBe(0);
  });

  it("says a platform that cannot be reached saved nothing and will not be retried, and writes nothing", async () => {
    // Issue 11, item 8: the form said "Instagram could not be reached; StoryRelay will check and
    // try again" (the publish pipeline's words) while nothing was saved and nothing retried.
    const { ctx, brand } = await brandOfNewWorkspace();
    const closed = await closedPortUrl();
    const unreachable: ConnectChannelDeps = {
      ...deps,
      endpointsFor: createEndpointResolver({
        GRAPH_API_VERSION: "v25.0",
        META_GRAPH_URL: closed,
        INSTAGRAM_GRAPH_URL: closed,
        PUBLISH_HTTP_TIMEOUT_MS: 5_000,
        SIMULATOR_URL: sim.url,
      }),
    };
    const instagram = await expectAppError(
      connectChannel(unreachable, ctx, {
        platform: "INSTAGRAM",
        brandId: brand.id,
        accountId: "17841400000000001",
        accessToken: "IGAA-a-token-that-is-never-checked",
        host: "instagram",
      }),
      "INVALID_INPUT",
    );
    expect(instagram.message).toBe(
      "Instagram could not be reached: nothing was saved, and StoryRelay will not try again by itself. Press Connect again in a few minutes; if it keeps failing, check that this StoryRelay server can reach the internet.",
    );
    expect(instagram.message).not.toMatch(/will check and try again/);

    const gateway = await expectAppError(
      connectChannel(deps, ctx, {
        platform: "WHATSAPP",
        mode: "gateway",
        brandId: brand.id,
        gatewayUrl: `${closed}/`,
        session: "default",
        apiKey: "waha-key-that-is-never-checked",
        acknowledgeUnofficial: true,
      }),
      "INVALID_INPUT",
    );
    // The person typed the address: the refusal marks that field.
    expect(gateway.details.fields?.gatewayUrl).toBe(gateway.message);
    expect(gateway.message).toMatch(
      /^The WhatsApp gateway at http:\/\/127\.0\.0\.1:\d+ could not be reached: nothing was saved, and StoryRelay will not try again by itself\. Check the gateway URL/,
    );
    expect(await db().channel.count({ where: { workspaceId: ctx.workspaceId } })).toBe(0);
    expect(await db().channelCredential.count({ where: { workspaceId: ctx.workspaceId } })).toBe(0);
  });

  it("refuses a WhatsApp gateway without the acknowledgement of the risk, before calling it", async () => {
    const { ctx, brand } = await brandOfNewWorkspace();
    const error = await expectAppError(
      connectChannel(deps, ctx, {
        platform: "WHATSAPP",
        mode: "gateway",
        brandId: brand.id,
        gatewayUrl: `${sim.url}/waha`,
        session: "default",
        apiKey: "some-api-key",
        acknowledgeUnofficial: false as true,
      }),
      "INVALID_INPUT",
    );
    expect(error.details.fields?.acknowledgeUnofficial).toMatch(/unofficial/);
    expect(await db().channel.count({ where: { workspaceId: ctx.workspaceId } })).toBe(0);
  });

  it("connects WhatsApp in handoff mode to a member, with no secret, and refuses a stranger", async () => {
    const { workspace, ctx, brand } = await brandOfNewWorkspace();
    const editor = await makeMember(db(), workspace, "EDITOR");
    const { channel } = await connectChannel(deps, ctx, {
      platform: "WHATSAPP",
      mode: "handoff",
      brandId: brand.id,
      assigneeUserId: editor.userId ?? "",
    });
    expect(channel.displayName).toMatch(/posted by User/);
    expect(await db().channelCredential.count({ where: { channelId: channel.id } })).toBe(0);

    const stranger = await makeWorkspace(db());
    const error = await expectAppError(
      connectChannel(deps, ctx, {
        platform: "WHATSAPP",
        mode: "handoff",
        brandId: brand.id,
        assigneeUserId: stranger.ownerId,
      }),
      "INVALID_INPUT",
    );
    expect(error.details.fields?.assigneeUserId).toMatch(/member/);
  });

  it("says NOT_FOUND for another workspace's brand and FORBIDDEN for a viewer", async () => {
    const mine = await brandOfNewWorkspace();
    const theirs = await brandOfNewWorkspace();
    const account = await simAccount({ platform: "instagram" });
    const input = {
      platform: "INSTAGRAM" as const,
      accountId: account.id,
      accessToken: account.token,
      host: "instagram" as const,
    };
    await expectAppError(connectChannel(deps, mine.ctx, { ...input, brandId: theirs.brand.id }), "NOT_FOUND");
    const viewer = await makeMember(db(), mine.workspace, "VIEWER");
    await expectAppError(connectChannel(deps, viewer, { ...input, brandId: mine.brand.id }), "FORBIDDEN");
    const editor = await makeMember(db(), mine.workspace, "EDITOR");
    await expectAppError(connectChannel(deps, editor, { ...input, brandId: mine.brand.id }), "FORBIDDEN");
    expect(
      await db().channel.count({
        where: { workspaceId: { in: [mine.ctx.workspaceId, theirs.ctx.workspaceId] } },
      }),
    ).toBe(0);
  });

  it("reconnecting a channel that needs re-authorisation resumes its held stories", async () => {
    const { workspace, ctx, brand } = await brandOfNewWorkspace();
    const account = await simAccount({ platform: "instagram", name: "acme.held" });
    const first = await connectChannel(deps, ctx, {
      platform: "INSTAGRAM",
      brandId: brand.id,
      accountId: account.id,
      accessToken: account.token,
      host: "instagram",
    });
    // The state the pipeline leaves behind when the token expires mid-publish.
    const asset = await makeMediaAsset(db(), workspace.id, {
      kind: "IMAGE",
      bytes: jpeg(),
      mimeType: "image/jpeg",
    });
    const story = await scheduleStory({ db: db(), queues, logger: createLogger("test", "silent") }, ctx, {
      brandId: brand.id,
      channelIds: [first.channel.id],
      frames: [asset.id],
      when: { now: true },
    });
    await db().story.update({ where: { id: story.id }, data: { status: "PUBLISHING" } });
    await db().storyTarget.updateMany({
      where: { storyId: story.id },
      data: { state: "NEEDS_REAUTH", lastErrorMessage: "Reconnect Instagram: the token expired." },
    });
    await db().channel.update({
      where: { id: first.channel.id },
      data: { status: "NEEDS_REAUTH", statusReason: "Reconnect Instagram: the token expired." },
    });

    const freshToken = `IGAA${randomUUID().replaceAll("-", "")}`;
    await simAccount({ platform: "instagram", id: account.id, token: freshToken });
    const again = await connectChannel(deps, ctx, {
      platform: "INSTAGRAM",
      brandId: brand.id,
      accountId: account.id,
      accessToken: freshToken,
      host: "instagram",
    });

    expect(again).toMatchObject({ reconnected: true, resumedTargets: 1 });
    expect(again.channel.id).toBe(first.channel.id);
    const channel = await db().channel.findUniqueOrThrow({ where: { id: first.channel.id } });
    expect(channel).toMatchObject({ status: "CONNECTED", statusReason: null });
    expect(await readCredentials(db(), box, channel)).toEqual({ accessToken: freshToken });
    expect(await db().channel.count({ where: { workspaceId: ctx.workspaceId } })).toBe(1);
    const target = await db().storyTarget.findFirstOrThrow({ where: { storyId: story.id } });
    expect(target).toMatchObject({ state: "PENDING", lastErrorMessage: null });
    expect(await queues.publishFor(target.id).getJob(publishJobId({ targetId: target.id }))).toBeTruthy();
    const audit = await db().auditLog.findFirstOrThrow({
      where: { entityId: channel.id, action: "channel.reconnect" },
    });
    expect(JSON.stringify(audit)).not.toContain(freshToken);
  });
});

/** The URL of a local port nothing listens on: taken from the OS, then let go. */
async function closedPortUrl(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
