import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { healthReaderFor } from "@/lib/publishers/registry";
import { scheduleStory } from "@/lib/stories/schedule-story";
import { makeBrand, makeMember, makeSandboxChannels, makeWorkspace } from "@/prisma/factories";
import { expectAppError } from "@/test/assert/expect-app-error";
import { eventually, type Pipeline, startPipeline } from "@/test/publishing/pipeline-test-kit";
import { authSecret } from "./credentials";
import { type ChannelHealth, getConnectionHealth } from "./get-connection-health";
import { readCredentials } from "./read-credentials";
import { registerSandboxAccounts } from "./register-sandbox-accounts";

describe("connection health", () => {
  let p: Pipeline;
  beforeAll(async () => {
    // The kit's Instagram account gets the simulator's default cap; another gets its own below.
    p = await startPipeline({ instagram: { quotaTotal: 40 } });
  }, 60_000);
  afterAll(() => p.close());

  const deps = () => ({ ...p.deps, healthReaderFor });
  const find = (rows: ChannelHealth[], id: string) => {
    const row = rows.find((r) => r.id === id);
    if (!row) throw new Error(`channel ${id} not listed`);
    return row;
  };

  it("reads Instagram's quota live, each account's own total, and the gateway's session state", async () => {
    // A second brand whose Instagram account the simulator caps at 25 a day.
    const other = await makeBrand(db(), p.workspace.id, { name: "Zeta" });
    const [capped] = await makeSandboxChannels(db(), p.deps.box, other, ["INSTAGRAM"]);
    if (!capped) throw new Error("no channel");
    const token = authSecret(await readCredentials(db(), p.deps.box, capped));
    const registered = await fetch(`${p.simulator.url}/_sim/accounts`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ platform: "instagram", id: capped.externalAccountId, token, quotaTotal: 25 }),
    });
    expect(registered.ok).toBe(true);

    // One story out on the kit's Instagram account: its usage is read from the platform too.
    const image = await p.image();
    const story = await scheduleStory(p.deps, p.ctx, {
      brandId: p.brand.id,
      channelIds: [p.channel("INSTAGRAM").id],
      frames: [image.id],
      when: { now: true },
    });
    await eventually(
      () => db().story.findUniqueOrThrow({ where: { id: story.id } }),
      (s) => s.status === "PUBLISHED",
    );

    const rows = await getConnectionHealth(deps(), p.ctx);
    expect(find(rows, p.channel("INSTAGRAM").id).live).toMatchObject({
      state: "read",
      reading: { quota: { used: 1, total: 40, windowMs: 86_400_000 } },
    });
    expect(find(rows, capped.id).live).toMatchObject({
      state: "read",
      reading: { quota: { used: 0, total: 25 } },
    });
    expect(find(rows, p.channel("INSTAGRAM").id).lastPublished).toMatchObject({ storyId: story.id });
    expect(find(rows, p.channel("WHATSAPP").id).live).toMatchObject({
      state: "read",
      reading: { session: { status: "WORKING" } },
    });

    // The session's state is read each time, not remembered.
    await p.fault({ kind: "session_state", accountId: p.channel("WHATSAPP").externalAccountId });
    const again = await getConnectionHealth(deps(), p.ctx, { brandId: p.brand.id });
    expect(find(again, p.channel("WHATSAPP").id).live).toMatchObject({
      reading: { session: { status: "SCAN_QR_CODE" } },
    });
    expect(again.map((r) => r.brand.id)).toEqual(again.map(() => p.brand.id));
    await p.fault({
      kind: "session_state",
      accountId: p.channel("WHATSAPP").externalAccountId,
      state: "WORKING",
    });
  });

  it("a gateway that does not answer is 'unreachable' on its row; the other rows still read", async () => {
    const brand = await makeBrand(db(), p.workspace.id, { name: "Gateway down" });
    const channel = await db().channel.create({
      data: {
        workspaceId: p.workspace.id,
        brandId: brand.id,
        platform: "WHATSAPP",
        externalAccountId: "shop",
        displayName: "Shop WhatsApp",
        config: { mode: "gateway", gatewayUrl: "http://127.0.0.1:9" },
      },
    });
    await db().channelCredential.create({
      data: {
        workspaceId: p.workspace.id,
        channelId: channel.id,
        ...p.deps.box.seal(JSON.stringify({ apiKey: "a-real-looking-key" }), channel.id),
      },
    });
    const rows = await getConnectionHealth(deps(), p.ctx);
    const row = find(rows, channel.id);
    expect(row.live).toMatchObject({ state: "unreachable", source: "the WhatsApp gateway" });
    expect(row.token).toEqual({ kind: "never" });
    expect(find(rows, p.channel("INSTAGRAM").id).live.state).toBe("read");
  });

  it("a token the platform refuses is 'refused' with the platform's advice, not 'unreachable'", async () => {
    const brand = await makeBrand(db(), p.workspace.id, { name: "Revoked" });
    const [revoked] = await makeSandboxChannels(db(), p.deps.box, brand, ["INSTAGRAM"]);
    if (!revoked) throw new Error("no channel");
    await registerSandboxAccounts({
      db: db(),
      box: p.deps.box,
      simulatorUrl: p.simulator.url,
      logger: p.deps.logger,
    });
    await p.fault({ kind: "revoke_token", platform: "instagram", accountId: revoked.externalAccountId });
    const rows = await getConnectionHealth(deps(), p.ctx, { brandId: brand.id });
    expect(find(rows, revoked.id).live).toMatchObject({ state: "refused", source: "Instagram" });
    expect((find(rows, revoked.id).live as { reason: string }).reason).toMatch(/reconnect/i);
  });

  it("shows the last failure with its reason, and permissions as checked or honestly not checked", async () => {
    const instagram = p.channel("INSTAGRAM");
    // 2207005: Instagram refuses the image itself, a permanent failure with Meta's reason.
    await p.fault({
      kind: "container_error",
      platform: "instagram",
      accountId: instagram.externalAccountId,
      subcode: 2207005,
      count: 1,
    });
    const image = await p.image();
    const story = await scheduleStory(p.deps, p.ctx, {
      brandId: p.brand.id,
      channelIds: [instagram.id],
      frames: [image.id],
      when: { now: true },
    });
    await eventually(
      () => db().story.findUniqueOrThrow({ where: { id: story.id } }),
      (s) => s.status === "FAILED",
    );
    const facebook = p.channel("FACEBOOK");
    await db().channel.update({
      where: { id: facebook.id },
      data: { grantedScopes: ["pages_show_list", "pages_manage_posts"], scopesCheckedAt: new Date() },
    });

    const rows = await getConnectionHealth(deps(), p.ctx, { brandId: p.brand.id });
    const failed = find(rows, instagram.id).lastFailed;
    expect(failed?.storyId).toBe(story.id);
    expect(failed?.reason).toBeTruthy();
    expect(find(rows, instagram.id).permissions).toMatchObject({
      kind: "not_checked",
      login: "Instagram API with Instagram Login",
      needed: ["instagram_business_basic", "instagram_business_content_publish"],
    });
    expect(find(rows, facebook.id).permissions).toMatchObject({
      kind: "checked",
      missing: ["pages_read_engagement"],
    });
    expect(find(rows, p.channel("WHATSAPP").id).permissions).toEqual({ kind: "not_applicable" });
    // Sandbox channels were made without asking for an expiry: unknown, not "never"; a gateway's
    // key never expires.
    expect(find(rows, facebook.id).token).toEqual({ kind: "unknown" });
    expect(find(rows, p.channel("WHATSAPP").id).token).toEqual({ kind: "never" });
  });

  it("never lists another workspace's channels, and refuses its brand", async () => {
    const { workspace: otherWs } = await makeWorkspace(db());
    const otherBrand = await makeBrand(db(), otherWs.id);
    const foreign = await makeSandboxChannels(db(), p.deps.box, otherBrand);
    const rows = await getConnectionHealth(deps(), p.ctx);
    expect(rows.length).toBeGreaterThan(0);
    for (const channel of foreign) expect(rows.map((r) => r.id)).not.toContain(channel.id);
    await expectAppError(getConnectionHealth(deps(), p.ctx, { brandId: otherBrand.id }), "NOT_FOUND");
  });

  it("a member limited to some brands sees only their channels", async () => {
    const hidden = await makeBrand(db(), p.workspace.id, { name: "Hidden" });
    const hiddenChannels = await makeSandboxChannels(db(), p.deps.box, hidden, ["FACEBOOK"]);
    const viewer = await makeMember(db(), p.workspace, "VIEWER", { brandIds: [p.brand.id] });
    const rows = await getConnectionHealth(deps(), viewer);
    expect(new Set(rows.map((r) => r.brand.id))).toEqual(new Set([p.brand.id]));
    expect(rows.map((r) => r.id)).not.toContain(hiddenChannels[0]?.id);
    await expectAppError(getConnectionHealth(deps(), viewer, { brandId: hidden.id }), "NOT_FOUND");
  });
});
