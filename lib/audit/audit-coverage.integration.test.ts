import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorkspaceApiKey } from "@/lib/api-keys/create-workspace-api-key";
import { revokeApiKey } from "@/lib/api-keys/revoke-api-key";
import { createLoginRateLimit } from "@/lib/auth/login-rate-limit";
import { verifyCredentials } from "@/lib/auth/verify-credentials";
import { createBrand } from "@/lib/brands/create-brand";
import { updateBrand } from "@/lib/brands/update-brand";
import { type ConnectChannelDeps, connectChannel } from "@/lib/channels/connect-channel";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { createLogger } from "@/lib/logger";
import { createInvite } from "@/lib/members/create-invite";
import { removeMember } from "@/lib/members/remove-member";
import { revokeInvite } from "@/lib/members/revoke-invite";
import { updateMember } from "@/lib/members/update-member";
import { removeChatWebhook } from "@/lib/notifications/remove-chat-webhook";
import { saveChatWebhook } from "@/lib/notifications/save-chat-webhook";
import { publisherFor } from "@/lib/publishers/registry";
import { createEndpointResolver } from "@/lib/publishing/endpoints";
import { resumeHeldTargets } from "@/lib/publishing/resume-held-targets";
import { createPublishQueues, type PublishQueues } from "@/lib/queue/publish-queues";
import { redis } from "@/lib/redis/client";
import { createReviewLink } from "@/lib/review-links/create-review-link";
import { decideThroughReviewLink } from "@/lib/review-links/decide-through-review-link";
import { createReviewRateLimit } from "@/lib/review-links/review-rate-limit";
import { recordReviewDecision } from "@/lib/stories/record-review-decision";
import { scheduleStory } from "@/lib/stories/schedule-story";
import { createWebhook } from "@/lib/webhooks/create-webhook";
import { deleteWebhook } from "@/lib/webhooks/delete-webhook";
import type { WorkspaceContext } from "@/lib/workspaces/context";
import { renameWorkspace } from "@/lib/workspaces/rename-workspace";
import {
  FACTORY_PASSWORD,
  makeBrand,
  makeMediaAsset,
  makeMember,
  makeSandboxChannels,
  makeTeamApproval,
  makeWorkspace,
} from "@/prisma/factories";
import { type RunningSimulator, startSimulator } from "@/simulators/server";
import { type ApiTestDeps, callApi, setUpApiDeps } from "@/test/api/api-test-kit";
import { jpeg } from "@/test/media/media-fixtures";
import { recordExport } from "./record-export";

// Issue 16: every sensitive action leaves an entry naming the action, who did it, what it was
// about and where the request came from. Each step runs the real use case with the context an
// edge would build (its origin on it) and finds its entry.

const WEB = {
  ip: "203.0.113.10",
  userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko Firefox/140.0",
};
const CLIENT = { ip: "198.51.100.20", userAgent: "ClientBrowser/1.0" };

type Expected = {
  action: string;
  actorUserId?: string | null;
  actorApiKeyId?: string | null;
  actorReviewLinkId?: string | null;
  entityType: string;
  entityId?: string;
  brandId?: string;
  storyId?: string;
  channelId?: string;
  ip: string | null;
  userAgent?: string | null;
};

describe("every sensitive action is audited", () => {
  let sim: RunningSimulator;
  let queues: PublishQueues;
  let api: ApiTestDeps;
  const box = secretBoxFromEnv(env());
  const logger = createLogger("audit-coverage-test", "silent");

  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
    queues = createPublishQueues(env().REDIS_URL, `test-${randomUUID()}`);
    api = await setUpApiDeps({ trustProxy: true });
  });
  afterAll(async () => {
    await queues.dispatch.obliterate({ force: true }).catch(() => undefined);
    await queues.close();
    await api.close();
    await sim.close();
  });

  it("records sign-ins, settings, channels, keys, members, reviews, exports and API calls with their origin", async () => {
    const { workspace, ctx: plain, ownerId } = await makeWorkspace(db());
    const owner: WorkspaceContext = { ...plain, origin: WEB };
    const editor: WorkspaceContext = { ...(await makeMember(db(), workspace, "EDITOR")), origin: WEB };
    const checked: string[] = [];

    /** The newest entry of `action` in the workspace matches `expected`. */
    async function expectEntry(expected: Expected) {
      const entry = await db().auditLog.findFirst({
        where: { workspaceId: workspace.id, action: expected.action },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      });
      expect(entry, expected.action).not.toBeNull();
      expect(entry, expected.action).toMatchObject({
        actorUserId: ownerId,
        userAgent: WEB.userAgent,
        ...expected,
      });
      checked.push(expected.action);
    }

    // Sign-in, right and wrong password: one entry in each of the person's workspaces.
    const ownerRow = await db().user.findUniqueOrThrow({ where: { id: ownerId } });
    const limiter = createLoginRateLimit(redis(), 10);
    const ip = `192.0.2.${Math.floor(Math.random() * 250)}`;
    await verifyCredentials(
      { db: db(), limiter },
      { email: ownerRow.email, password: FACTORY_PASSWORD, ip, origin: { ip, userAgent: WEB.userAgent } },
    );
    await expectEntry({ action: "auth.sign_in", entityType: "User", entityId: ownerId, ip });
    await verifyCredentials(
      { db: db(), limiter },
      { email: ownerRow.email, password: "not the password", ip, origin: { ip, userAgent: WEB.userAgent } },
    ).catch(() => undefined);
    await expectEntry({ action: "auth.sign_in_refused", entityType: "User", entityId: ownerId, ip });

    // Settings.
    await renameWorkspace(db(), owner, "Renamed agency");
    await expectEntry({
      action: "workspace.rename",
      entityType: "Workspace",
      entityId: workspace.id,
      ip: WEB.ip,
    });
    const brand = await createBrand(db(), owner, { name: "Harbour", timeZone: "Europe/Lisbon" });
    await expectEntry({ action: "brand.create", entityType: "Brand", brandId: brand.id, ip: WEB.ip });
    await updateBrand(db(), owner, brand.id, { name: "Harbour Café", timeZone: "Europe/Lisbon" });
    await expectEntry({ action: "brand.update", entityType: "Brand", brandId: brand.id, ip: WEB.ip });
    await saveChatWebhook({ db: db(), box, allowPrivate: true }, owner, {
      url: "http://127.0.0.1:9/chat",
      kinds: ["story.failed"],
    });
    await expectEntry({ action: "chat_webhook.save", entityType: "ChatWebhook", ip: WEB.ip });
    await removeChatWebhook(db(), owner);
    await expectEntry({ action: "chat_webhook.remove", entityType: "ChatWebhook", ip: WEB.ip });

    // Channels: connect, then the same account again is a reconnect.
    const endpointsFor = createEndpointResolver({
      GRAPH_API_VERSION: "v25.0",
      META_GRAPH_URL: `${sim.url}/facebook`,
      INSTAGRAM_GRAPH_URL: `${sim.url}/instagram`,
      PUBLISH_HTTP_TIMEOUT_MS: 5_000,
      SIMULATOR_URL: sim.url,
    });
    const connectDeps: ConnectChannelDeps = {
      db: db(),
      box,
      resumeHeldTargets: (channel) => resumeHeldTargets({ db: db(), queues }, channel),
      endpointsFor,
      publisherFor,
    };
    const account = (await (
      await fetch(`${sim.url}/_sim/accounts`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ platform: "instagram", name: "harbour.cafe" }),
      })
    ).json()) as { id: string; token: string };
    const connect = {
      platform: "INSTAGRAM",
      brandId: brand.id,
      accountId: account.id,
      accessToken: account.token,
      host: "instagram",
    };
    const { channel } = await connectChannel(connectDeps, owner, connect);
    const about = { entityType: "Channel", channelId: channel.id, brandId: brand.id, ip: WEB.ip };
    await expectEntry({ action: "channel.connect", ...about });
    await connectChannel(connectDeps, owner, connect);
    await expectEntry({ action: "channel.reconnect", ...about });

    // API keys and webhooks.
    const key = await createWorkspaceApiKey(db(), owner, { name: "Zapier", role: "EDITOR" });
    await expectEntry({ action: "apikey.create", entityType: "ApiKey", entityId: key.id, ip: WEB.ip });
    await revokeApiKey({ db: db() }, owner, key.id);
    await expectEntry({ action: "apikey.revoke", entityType: "ApiKey", entityId: key.id, ip: WEB.ip });
    const hook = await createWebhook({ db: db(), box, allowPrivate: true }, owner, {
      url: "http://127.0.0.1:9/hook",
      events: ["story.published"],
    });
    await expectEntry({ action: "webhook.create", entityType: "Webhook", entityId: hook.id, ip: WEB.ip });
    await deleteWebhook(db(), owner, hook.id);
    await expectEntry({ action: "webhook.delete", entityType: "Webhook", entityId: hook.id, ip: WEB.ip });

    // Members: invite and withdraw it, change a role and brand limit, remove.
    const inviteDeps = { db: db(), baseUrl: "http://localhost", ttlHours: 24 };
    const invite = await createInvite(inviteDeps, owner, {
      email: `new-${randomUUID()}@example.test`,
      role: "EDITOR",
    });
    await expectEntry({ action: "member.invite", entityType: "Invite", entityId: invite.id, ip: WEB.ip });
    await revokeInvite(db(), owner, invite.id);
    await expectEntry({
      action: "member.invite.revoke",
      entityType: "Invite",
      entityId: invite.id,
      ip: WEB.ip,
    });
    const leaving = await makeMember(db(), workspace, "VIEWER");
    const membership = await db().membership.findFirstOrThrow({
      where: { workspaceId: workspace.id, userId: leaving.userId as string },
    });
    await updateMember(db(), owner, membership.id, { role: "APPROVER", brandIds: [brand.id] });
    await expectEntry({
      action: "member.update",
      entityType: "Membership",
      entityId: membership.id,
      ip: WEB.ip,
      data: { role: "APPROVER", brandIds: [brand.id], before: { role: "VIEWER", brandIds: [] } },
    } as Expected);
    await removeMember(db(), owner, membership.id);
    await expectEntry({
      action: "member.remove",
      entityType: "Membership",
      entityId: membership.id,
      ip: WEB.ip,
    });

    // Approvals: a member's, then a client's through a review link (its own actor and origin).
    const reviewed = await makeBrand(db(), workspace.id, { approvalPolicy: "TEAM" });
    const clientBrand = await makeBrand(db(), workspace.id, { approvalPolicy: "TEAM_AND_CLIENT" });
    const scheduleDeps = { db: db(), queues, logger, scheduleHorizonDays: 36500 };
    const story = async (b: Awaited<ReturnType<typeof makeBrand>>) => {
      const channels = await makeSandboxChannels(db(), box, b, ["INSTAGRAM"]);
      const asset = await makeMediaAsset(db(), workspace.id, {
        kind: "IMAGE",
        bytes: jpeg({ seed: Math.floor(Math.random() * 1e9) }),
        mimeType: "image/jpeg",
      });
      return scheduleStory(scheduleDeps, editor, {
        brandId: b.id,
        channelIds: channels.map((c) => c.id),
        frames: [asset.id],
        when: { local: "2090-03-10T09:00" },
      });
    };
    const first = await story(reviewed);
    await recordReviewDecision(scheduleDeps, { kind: "member", ctx: owner }, first.id, {
      version: first.version,
      decision: "APPROVED",
      comment: null,
    });
    await expectEntry({
      action: "story.approve",
      entityType: "Story",
      storyId: first.id,
      brandId: reviewed.id,
      ip: WEB.ip,
    });
    const second = await story(clientBrand);
    await makeTeamApproval(db(), second, ownerId);
    const reviewDeps = {
      ...scheduleDeps,
      authSecret: env().AUTH_SECRET,
      rateLimit: createReviewRateLimit(redis(), {
        keyPrefix: `test-${randomUUID()}`,
        perLink: 100,
        perIp: 100,
      }),
    };
    const { link, token } = await createReviewLink(reviewDeps, owner, clientBrand.id, {
      storyIds: [second.id],
    });
    await expectEntry({
      action: "review_link.create",
      entityType: "ReviewLink",
      entityId: link.id,
      ip: WEB.ip,
    });
    await decideThroughReviewLink(
      reviewDeps,
      token,
      second.id,
      { name: "Carla Client", email: "", version: second.version, decision: "APPROVED" },
      CLIENT,
    );
    await expectEntry({
      action: "story.approve",
      actorUserId: null,
      actorReviewLinkId: link.id,
      entityType: "Story",
      storyId: second.id,
      brandId: clientBrand.id,
      ...CLIENT,
    });

    // An export, as the CSV routes record it.
    await recordExport(db(), owner, { action: "export.plan", brandId: brand.id });
    await expectEntry({ action: "export.plan", entityType: "Brand", brandId: brand.id, ip: WEB.ip });

    // Through the API: the key is the actor, the origin read by withApiKey from the request.
    const apiKey = await createWorkspaceApiKey(db(), owner, { name: "Publisher bot", role: "ADMIN" });
    const created = await callApi("POST", "/brands", {
      key: apiKey.key,
      json: { name: "From the API", timeZone: "Europe/Paris" },
      headers: { "x-forwarded-for": "198.51.100.99, 10.0.0.1", "user-agent": "curl/8.5.0" },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await expectEntry({
      action: "brand.create",
      actorUserId: null,
      actorApiKeyId: apiKey.id,
      entityType: "Brand",
      brandId: created.body.id,
      ip: "198.51.100.99",
      userAgent: "curl/8.5.0",
    });

    expect(checked).toHaveLength(22);
  });
});
