import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readCredentials } from "@/lib/channels/read-credentials";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { createLogger } from "@/lib/logger";
import { publisherFor } from "@/lib/publishers/registry";
import { createEndpointResolver } from "@/lib/publishing/endpoints";
import { resumeHeldTargets } from "@/lib/publishing/resume-held-targets";
import { createPublishQueues, type PublishQueues } from "@/lib/queue/publish-queues";
import { publishJobId } from "@/lib/queue/queues";
import { redis } from "@/lib/redis/client";
import { scheduleStory } from "@/lib/stories/schedule-story";
import { makeBrand, makeMediaAsset, makeWorkspace } from "@/prisma/factories";
import { SANDBOX_INSTAGRAM, SANDBOX_PAGES } from "@/simulators/oauth/sandbox-user";
import { type RunningSimulator, startSimulator } from "@/simulators/server";
import { expectAppError } from "@/test/assert/expect-app-error";
import { jpeg } from "@/test/media/media-fixtures";
import { type CallbackQuery, completeMetaLogin } from "./complete-meta-login";
import { connectPickedAccounts } from "./connect-picked-accounts";
import type { MetaLoginConfig } from "./login-endpoints";
import { readPendingLogin } from "./read-pending-login";
import { startMetaLogin } from "./start-meta-login";

const authSecret = "storyrelay-test-auth-secret-not-for-real-use";

describe("one-click Meta logins against the simulators", () => {
  let sim: RunningSimulator;
  let queues: PublishQueues;
  let config: MetaLoginConfig;
  const box = secretBoxFromEnv(env());

  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
    queues = createPublishQueues(env().REDIS_URL, `test-${randomUUID()}`);
    config = {
      PUBLIC_BASE_URL: "http://app.test",
      GRAPH_API_VERSION: "v25.0",
      SIMULATOR_URL: sim.url,
      META_DIALOG_URL: "https://www.facebook.com",
      INSTAGRAM_OAUTH_URL: "https://www.instagram.com",
      INSTAGRAM_API_URL: "https://api.instagram.com",
      META_GRAPH_URL: "https://graph.facebook.com",
      INSTAGRAM_GRAPH_URL: "https://graph.instagram.com",
    };
  });
  afterAll(async () => {
    for (const shard of queues.publishShards) await shard.obliterate({ force: true }).catch(() => undefined);
    await queues.dispatch.obliterate({ force: true }).catch(() => undefined);
    await queues.close();
    await sim.close();
  });

  const deps = () => ({
    db: db(),
    redis: redis(),
    box,
    config,
    authSecret,
    resumeHeldTargets: (channel: { id: string; workspaceId: string }) =>
      resumeHeldTargets({ db: db(), queues }, channel),
    endpointsFor: createEndpointResolver({ ...config, PUBLISH_HTTP_TIMEOUT_MS: 5_000 }),
    publisherFor,
  });

  async function brandOfNewWorkspace() {
    const { workspace, ctx, ownerId } = await makeWorkspace(db());
    const brand = await makeBrand(db(), workspace.id, { name: `Acme ${randomUUID().slice(0, 6)}` });
    return { workspace, ctx, brand, ownerId };
  }

  /** Clicks through the simulator's consent screen as a person would; returns the callback query. */
  async function consent(
    dialogUrl: string,
    choice: { pages?: string[]; decline?: string[]; cancel?: boolean } = {},
  ): Promise<CallbackQuery> {
    const shown = await fetch(dialogUrl);
    expect(shown.status).toBe(200);
    const url = new URL(dialogUrl);
    const form = new URLSearchParams(url.searchParams);
    form.set("decision", choice.cancel ? "cancel" : "allow");
    for (const scope of (url.searchParams.get("scope") ?? "").split(",")) {
      if (!choice.decline?.includes(scope)) form.append("granted", scope);
    }
    for (const page of choice.pages ?? []) form.append("page", page);
    const answer = await fetch(dialogUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form.toString(),
      redirect: "manual",
    });
    const back = new URL(answer.headers.get("location") ?? "");
    expect(`${back.origin}${back.pathname}`).toMatch(
      /^http:\/\/app\.test\/api\/oauth\/(facebook|instagram)\/callback$/,
    );
    return {
      code: back.searchParams.get("code") ?? undefined,
      state: back.searchParams.get("state") ?? undefined,
      error: back.searchParams.get("error") ?? undefined,
      errorDescription: back.searchParams.get("error_description") ?? undefined,
    };
  }

  async function nothingSaved(workspaceId: string) {
    expect(await db().channel.count({ where: { workspaceId } })).toBe(0);
    expect(await db().channelCredential.count({ where: { workspaceId } })).toBe(0);
  }

  it("Facebook: two Pages and an Instagram account become three channels of the chosen brands", async () => {
    const { ctx, brand, ownerId, workspace } = await brandOfNewWorkspace();
    const other = await makeBrand(db(), workspace.id, { name: "Client B" });
    const { url } = await startMetaLogin(deps(), ctx, { kind: "facebook", brandId: brand.id });
    expect(url).toContain(`${sim.url}/www-facebook/v25.0/dialog/oauth?`);
    const query = await consent(url, { pages: [SANDBOX_PAGES[0].id, SANDBOX_PAGES[1].id] });

    const outcome = await completeMetaLogin(deps(), ownerId, "facebook", query);
    expect(outcome).toMatchObject({ ok: true, brandId: brand.id, slug: workspace.slug });
    if (!outcome.ok) throw new Error("unreachable");
    const picker = await readPendingLogin(deps(), ctx, outcome.pendingId);
    expect(picker.sandbox).toBe(true);
    expect(picker.accounts.map((a) => [a.platform, a.id])).toEqual([
      ["FACEBOOK", SANDBOX_PAGES[0].id],
      ["INSTAGRAM", SANDBOX_PAGES[0].igId],
      ["FACEBOOK", SANDBOX_PAGES[1].id],
      ["INSTAGRAM", SANDBOX_PAGES[1].igId],
    ]);
    expect(JSON.stringify(picker)).not.toContain("EAAP");
    await nothingSaved(workspace.id);

    const result = await connectPickedAccounts(deps(), ctx, {
      pendingId: outcome.pendingId,
      picks: [
        { key: "0", brandId: brand.id },
        { key: "1", brandId: brand.id },
        { key: "2", brandId: other.id },
      ],
    });
    expect(result.connected).toHaveLength(3);
    const channels = await db().channel.findMany({
      where: { workspaceId: workspace.id },
      orderBy: { createdAt: "asc" },
    });
    expect(channels.map((c) => [c.platform, c.externalAccountId, c.brandId])).toEqual([
      ["FACEBOOK", SANDBOX_PAGES[0].id, brand.id],
      ["INSTAGRAM", SANDBOX_PAGES[0].igId, brand.id],
      ["FACEBOOK", SANDBOX_PAGES[1].id, other.id],
    ]);
    for (const channel of channels) {
      expect(channel).toMatchObject({ status: "CONNECTED", sandbox: true, tokenExpiresAt: null });
      expect(channel.grantedScopes).toEqual(
        expect.arrayContaining(["pages_manage_posts", "instagram_content_publish"]),
      );
      expect(channel.scopesCheckedAt).not.toBeNull();
    }
    expect(await readCredentials(db(), box, channels[0] as (typeof channels)[0])).toEqual({
      pageAccessToken: `EAAPsandbox${SANDBOX_PAGES[0].id}`,
    });
    const audit = await db().auditLog.findMany({
      where: { workspaceId: workspace.id, action: "channel.connect" },
    });
    expect(audit).toHaveLength(3);
    expect(JSON.stringify(audit)).toContain("facebook-login");

    // The picker's tokens are gone: a second submit connects nothing.
    await expectAppError(
      connectPickedAccounts(deps(), ctx, {
        pendingId: outcome.pendingId,
        picks: [{ key: "3", brandId: brand.id }],
      }),
      "NOT_FOUND",
    );
    expect(await db().channel.count({ where: { workspaceId: workspace.id } })).toBe(3);
  });

  it("Instagram: one account, with its 60-day token's expiry on the channel", async () => {
    const { ctx, brand, ownerId, workspace } = await brandOfNewWorkspace();
    const { url } = await startMetaLogin(deps(), ctx, { kind: "instagram", brandId: brand.id });
    expect(url).toContain(`${sim.url}/www-instagram/oauth/authorize?`);
    expect(new URL(url).searchParams.get("scope")).toBe(
      "instagram_business_basic,instagram_business_content_publish",
    );
    const outcome = await completeMetaLogin(deps(), ownerId, "instagram", await consent(url));
    if (!outcome.ok) throw new Error(`refused: ${outcome.reason} ${outcome.detail ?? ""}`);
    await connectPickedAccounts(deps(), ctx, {
      pendingId: outcome.pendingId,
      picks: [{ key: "0", brandId: brand.id }],
    });
    const channel = await db().channel.findFirstOrThrow({ where: { workspaceId: workspace.id } });
    expect(channel).toMatchObject({
      platform: "INSTAGRAM",
      externalAccountId: SANDBOX_INSTAGRAM.id,
      displayName: SANDBOX_INSTAGRAM.username,
      sandbox: true,
    });
    const days = ((channel.tokenExpiresAt?.getTime() ?? 0) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(59);
    expect(days).toBeLessThan(61);
    expect(channel.config).toEqual({ host: "instagram" });
  });

  it("a declined permission is named and nothing is saved", async () => {
    const { ctx, brand, ownerId, workspace } = await brandOfNewWorkspace();
    const { url } = await startMetaLogin(deps(), ctx, { kind: "facebook", brandId: brand.id });
    const query = await consent(url, { pages: [SANDBOX_PAGES[0].id], decline: ["pages_manage_posts"] });
    const outcome = await completeMetaLogin(deps(), ownerId, "facebook", query);
    expect(outcome).toMatchObject({
      ok: false,
      reason: "missing_permissions",
      missing: ["pages_manage_posts"],
      retry: { slug: workspace.slug, brandId: brand.id, kind: "facebook" },
    });
    await nothingSaved(workspace.id);
    const retry = await startMetaLogin(deps(), ctx, { kind: "facebook", brandId: brand.id, rerequest: true });
    expect(new URL(retry.url).searchParams.get("auth_type")).toBe("rerequest");
  });

  it("a cancelled dialog, a tampered, replayed or foreign state and a reused code end on a refusal", async () => {
    const { ctx, brand, ownerId, workspace } = await brandOfNewWorkspace();
    const start = () => startMetaLogin(deps(), ctx, { kind: "facebook", brandId: brand.id });

    const cancelled = await consent((await start()).url, { cancel: true });
    expect(await completeMetaLogin(deps(), ownerId, "facebook", cancelled)).toMatchObject({
      ok: false,
      reason: "denied",
    });

    const good = await consent((await start()).url, { pages: [SANDBOX_PAGES[0].id] });
    const [body, signature] = (good.state ?? "").split(".");
    const payload = JSON.parse(Buffer.from(body ?? "", "base64url").toString());
    const forged = `${Buffer.from(JSON.stringify({ ...payload, b: "someone-elses-brand" })).toString("base64url")}.${signature}`;
    expect(await completeMetaLogin(deps(), ownerId, "facebook", { ...good, state: forged })).toMatchObject({
      ok: false,
      reason: "tampered",
    });
    expect(await completeMetaLogin(deps(), ownerId, "instagram", good)).toMatchObject({ reason: "tampered" });
    const stranger = await makeWorkspace(db());
    expect(await completeMetaLogin(deps(), stranger.ownerId, "facebook", good)).toMatchObject({
      reason: "other_user",
    });

    const first = await completeMetaLogin(deps(), ownerId, "facebook", good);
    expect(first.ok).toBe(true);
    expect(await completeMetaLogin(deps(), ownerId, "facebook", good)).toMatchObject({ reason: "replayed" });

    // The same code under a fresh, genuine state: Meta refuses a code used twice.
    const fresh = new URL((await start()).url).searchParams.get("state") ?? "";
    const reused = await completeMetaLogin(deps(), ownerId, "facebook", { code: good.code, state: fresh });
    expect(reused).toMatchObject({ ok: false, reason: "code_rejected" });
    if (!reused.ok) expect(reused.detail).toContain("used");

    // A brand of another workspace, even with a genuine state of this person.
    const foreign = await brandOfNewWorkspace();
    await expectAppError(
      startMetaLogin(deps(), ctx, { kind: "facebook", brandId: foreign.brand.id }),
      "NOT_FOUND",
    );
    await nothingSaved(workspace.id);
  });

  it("a fault on the code exchange (Meta refusing the app) ends on a refusal with nothing saved", async () => {
    const { ctx, brand, ownerId, workspace } = await brandOfNewWorkspace();
    const armed = await fetch(`${sim.url}/_sim/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        platform: "facebook",
        operation: "oauth_code",
        kind: "error",
        code: 190,
        message: "Error validating application. Application has been deleted.",
        count: 1,
      }),
    });
    expect(armed.status).toBe(201);
    const { url } = await startMetaLogin(deps(), ctx, { kind: "facebook", brandId: brand.id });
    const outcome = await completeMetaLogin(
      deps(),
      ownerId,
      "facebook",
      await consent(url, { pages: [SANDBOX_PAGES[0].id] }),
    );
    expect(outcome).toMatchObject({ ok: false, reason: "code_rejected", retry: { brandId: brand.id } });
    if (!outcome.ok) expect(outcome.detail).toContain("Application has been deleted");
    await nothingSaved(workspace.id);
  });

  it("reconnecting a channel that needs re-authorisation resumes its held story exactly once", async () => {
    const { ctx, brand, ownerId, workspace } = await brandOfNewWorkspace();
    const login = async (channelId?: string) => {
      const { url } = await startMetaLogin(deps(), ctx, { kind: "facebook", brandId: brand.id, channelId });
      const outcome = await completeMetaLogin(
        deps(),
        ownerId,
        "facebook",
        await consent(url, { pages: [SANDBOX_PAGES[1].id] }),
      );
      if (!outcome.ok) throw new Error(`refused: ${outcome.reason}`);
      return outcome.pendingId;
    };
    const firstId = await login();
    const [first] = (
      await connectPickedAccounts(deps(), ctx, {
        pendingId: firstId,
        picks: [{ key: "0", brandId: brand.id }],
      })
    ).connected;
    if (!first) throw new Error("nothing connected");
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
    await db().storyTarget.updateMany({ where: { storyId: story.id }, data: { state: "NEEDS_REAUTH" } });
    await db().channel.update({
      where: { id: first.channel.id },
      data: { status: "NEEDS_REAUTH", statusReason: "Reconnect Facebook: the token was revoked." },
    });
    // The person removed the app's access in Facebook: the Page token stops working.
    const revoked = await fetch(`${sim.url}/_sim/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ platform: "facebook", kind: "revoke_token", accountId: SANDBOX_PAGES[1].id }),
    });
    expect(revoked.status).toBe(200);
    const oldToken = await readCredentials(db(), box, first.channel);

    const againId = await login(first.channel.id);
    const picker = await readPendingLogin(deps(), ctx, againId);
    expect(picker.accounts[0]).toMatchObject({ reconnecting: true, brandId: brand.id });
    expect(picker.reconnectMissing).toBeNull();
    const again = await connectPickedAccounts(deps(), ctx, {
      pendingId: againId,
      picks: [{ key: "0", brandId: brand.id }],
    });
    expect(again.connected).toEqual([expect.objectContaining({ reconnected: true, resumedTargets: 1 })]);
    const channel = await db().channel.findUniqueOrThrow({ where: { id: first.channel.id } });
    expect(channel).toMatchObject({ status: "CONNECTED", statusReason: null });
    // Signing in again handed out a new Page token, checked live before it replaced the old one.
    const newToken = await readCredentials(db(), box, channel);
    expect(newToken.pageAccessToken).toMatch(/^EAAP/);
    expect(newToken).not.toEqual(oldToken);
    const target = await db().storyTarget.findFirstOrThrow({ where: { storyId: story.id } });
    expect(target.state).toBe("PENDING");
    expect(await queues.publishFor(target.id).getJob(publishJobId({ targetId: target.id }))).toBeTruthy();
    // Reconnecting it while choosing only the other Page is said plainly on the picker.
    const { url } = await startMetaLogin(deps(), ctx, {
      kind: "facebook",
      brandId: brand.id,
      channelId: first.channel.id,
    });
    const elsewhere = await completeMetaLogin(
      deps(),
      ownerId,
      "facebook",
      await consent(url, { pages: [SANDBOX_PAGES[0].id] }),
    );
    if (!elsewhere.ok) throw new Error(`refused: ${elsewhere.reason}`);
    expect((await readPendingLogin(deps(), ctx, elsewhere.pendingId)).reconnectMissing).toBe(
      first.channel.displayName,
    );
    // A second submit of the same picker resumes nothing more.
    await expectAppError(
      connectPickedAccounts(deps(), ctx, { pendingId: againId, picks: [{ key: "0", brandId: brand.id }] }),
      "NOT_FOUND",
    );
  });
});
