import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authSecret } from "@/lib/channels/credentials";
import { readCredentials } from "@/lib/channels/read-credentials";
import { registerSandboxAccount } from "@/lib/channels/register-sandbox-accounts";
import { platformDescriptor } from "@/lib/core/platforms/registry";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import type { Platform } from "@/lib/db/generated/enums";
import { env } from "@/lib/env";
import { messagingSenderFor } from "@/lib/publishers/messaging-registry";
import { createEndpointResolver } from "@/lib/publishing/endpoints";
import { redis } from "@/lib/redis/client";
import {
  makeBrand,
  makeMediaAsset,
  makeMember,
  makeSandboxChannels,
  makeWorkspace,
} from "@/prisma/factories";
import { expectAppError } from "@/test/assert/expect-app-error";
import { makeConversation } from "@/test/inbox/inbox-factory";
import { jpeg } from "@/test/media/media-fixtures";
import { DAY, HOUR, startTestSimulator, type TestSimulator } from "@/test/simulators/sim-client";
import type { SendReplyDeps } from "./inbox-deps";
import { sendReply } from "./send-reply";

const box = secretBoxFromEnv(env());
let sim: TestSimulator;

beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(async () => {
  await sim.close();
});

/** The simulator's clock: the use case and the Send API must agree on what "now" is. */
async function simNow(): Promise<Date> {
  return new Date((await sim.control("GET", "clock")).body.now);
}

function deps(now: Date, timeoutMs = 5_000): SendReplyDeps {
  return {
    db: db(),
    redis: redis(),
    box,
    now: () => now,
    endpointsFor: createEndpointResolver({
      GRAPH_API_VERSION: "v25.0",
      META_GRAPH_URL: `${sim.base}/facebook`,
      INSTAGRAM_GRAPH_URL: `${sim.base}/instagram`,
      PUBLISH_HTTP_TIMEOUT_MS: timeoutMs,
      SIMULATOR_URL: sim.base,
    }),
    senderFor: messagingSenderFor,
    mediaUrlFor: (asset) => `${sim.base}/_test/${asset.storageKey}`,
  };
}

/**
 * A brand with a sandbox channel the simulator knows, a person who wrote to it there (which opens
 * the Send API's window on the simulated clock), and the conversation the inbox worker would have
 * stored for them.
 */
async function personWrote(platform: Platform, options: { lastInboundAt?: Date } = {}) {
  const { workspace, ctx: owner } = await makeWorkspace(db());
  const brand = await makeBrand(db(), workspace.id);
  const [channel] = await makeSandboxChannels(db(), box, brand, [platform]);
  if (!channel) throw new Error("channel");
  const secret = authSecret(await readCredentials(db(), box, channel));
  await registerSandboxAccount({ simulatorUrl: sim.base }, { ...channel, platform }, secret);
  const simulatorName = platformDescriptor(platform).sandbox.simulatorName;
  const wrote = await sim.control("POST", "viewers/messages", {
    platform: simulatorName,
    accountId: channel.externalAccountId,
    kind: "text",
    text: "Do you ship to Norway?",
  });
  expect(wrote.status, JSON.stringify(wrote.body)).toBe(201);
  const now = await simNow();
  const conversation = await makeConversation(db(), channel, {
    participantId: wrote.body.viewer.id,
    lastInboundAt: options.lastInboundAt ?? now,
  });
  const ledger = async () =>
    (
      await sim.control(
        "GET",
        `messages?platform=${simulatorName}&accountId=${encodeURIComponent(channel.externalAccountId)}`,
      )
    ).body.data as { text: string | null; tag: string | null; messageId: string; recipientId: string }[];
  return { workspace, owner, brand, channel, conversation, ledger, simulatorName };
}

describe("answering a person (send-reply against the simulators)", () => {
  it.each<Platform>(["INSTAGRAM", "FACEBOOK", "WHATSAPP"])(
    "sends a text reply once on %s; the same client id again returns the same message",
    async (platform) => {
      const p = await personWrote(platform);
      const clientId = randomUUID();
      const now = await simNow();
      const sent = await sendReply(deps(now), p.owner, {
        conversationId: p.conversation.id,
        clientId,
        text: "Yes, we do!",
      });
      expect(sent).toMatchObject({ direction: "OUTBOUND", sendState: "SENT", text: "Yes, we do!", clientId });
      const ledger = await p.ledger();
      expect(ledger).toHaveLength(1);
      expect(ledger[0]).toMatchObject({ text: "Yes, we do!", recipientId: p.conversation.participantId });
      expect(sent.externalId).toBe(ledger[0]?.messageId);

      const again = await sendReply(deps(now), p.owner, {
        conversationId: p.conversation.id,
        clientId,
        text: "Yes, we do!",
      });
      expect(again.id).toBe(sent.id);
      expect(await p.ledger()).toHaveLength(1);
      const conversation = await db().conversation.findUniqueOrThrow({ where: { id: p.conversation.id } });
      expect(conversation.lastOutboundAt?.getTime()).toBe(now.getTime());
      const audit = await db().auditLog.findMany({
        where: { workspaceId: p.workspace.id, action: "conversation.reply" },
      });
      expect(audit).toHaveLength(1);
      expect(JSON.stringify(audit)).not.toContain("we do");
    },
  );

  it.each<Platform>(["FACEBOOK", "WHATSAPP"])(
    "sends a media-library image on %s by its signed URL",
    async (platform) => {
      const p = await personWrote(platform);
      const image = await makeMediaAsset(db(), p.workspace.id, {
        kind: "IMAGE",
        bytes: jpeg({ seed: 7 }),
        mimeType: "image/jpeg",
      });
      const sent = await sendReply(deps(await simNow()), p.owner, {
        conversationId: p.conversation.id,
        clientId: randomUUID(),
        imageAssetId: image.id,
      });
      expect(sent).toMatchObject({ sendState: "SENT", kind: "MEDIA", attachmentType: "image" });
      const ledger = await p.ledger();
      expect(ledger).toHaveLength(1);
      expect(ledger[0]).toMatchObject({ attachmentUrl: `${sim.base}/_test/${image.storageKey}` });
      // Another workspace's image is not found, and nothing more is sent.
      const other = await makeWorkspace(db());
      const theirs = await makeMediaAsset(db(), other.workspace.id, {
        kind: "IMAGE",
        bytes: jpeg({ seed: 8 }),
        mimeType: "image/jpeg",
      });
      await expectAppError(
        sendReply(deps(await simNow()), p.owner, {
          conversationId: p.conversation.id,
          clientId: randomUUID(),
          imageAssetId: theirs.id,
        }),
        "NOT_FOUND",
      );
      expect(await p.ledger()).toHaveLength(1);
    },
  );

  it("refuses past the 24-hour window before calling Meta, and records Meta's own refusal when only Meta knows", async () => {
    const p = await personWrote("INSTAGRAM");
    // Our side knows the window closed: nothing is stored, nothing is sent.
    await db().conversation.update({
      where: { id: p.conversation.id },
      data: { lastInboundAt: new Date((await simNow()).getTime() - 25 * HOUR) },
    });
    const refused = await expectAppError(
      sendReply(deps(await simNow()), p.owner, {
        conversationId: p.conversation.id,
        clientId: randomUUID(),
        text: "Late",
      }),
      "CONFLICT",
    );
    expect(refused.message).toMatch(/24 hours/);
    expect(refused.message).toMatch(/workspace settings/);
    expect(
      await db().message.count({ where: { conversationId: p.conversation.id, direction: "OUTBOUND" } }),
    ).toBe(0);

    // Our record says the person wrote just now, the platform's clock says a day ago: Meta refuses.
    await sim.advance(25 * HOUR);
    const now = await simNow();
    await db().conversation.update({ where: { id: p.conversation.id }, data: { lastInboundAt: now } });
    const failed = await sendReply(deps(now), p.owner, {
      conversationId: p.conversation.id,
      clientId: randomUUID(),
      text: "Late again",
    });
    expect(failed.sendState).toBe("FAILED");
    expect(failed.sendError).toMatch(/more than 24 hours/i);
    expect(await p.ledger()).toEqual([]);
  });

  it("answers late with the human-agent tag only when the workspace allows it, and never past 7 days", async () => {
    const p = await personWrote("FACEBOOK");
    await sim.advance(30 * HOUR);
    const now = await simNow();
    const lastInboundAt = new Date(now.getTime() - 30 * HOUR);
    await db().conversation.update({ where: { id: p.conversation.id }, data: { lastInboundAt } });
    const send = (useHumanAgentTag: boolean, at = now) =>
      sendReply(deps(at), p.owner, {
        conversationId: p.conversation.id,
        clientId: randomUUID(),
        text: "Sorry for the wait",
        useHumanAgentTag,
      });
    await expectAppError(send(true), "CONFLICT");
    await db().workspace.update({ where: { id: p.workspace.id }, data: { humanAgentReplies: true } });
    const untagged = await expectAppError(send(false), "CONFLICT");
    expect(untagged.message).toMatch(/human-agent/);
    const tagged = await send(true);
    expect(tagged).toMatchObject({ sendState: "SENT", humanAgentTag: true });
    expect((await p.ledger()).map((m) => m.tag)).toEqual(["HUMAN_AGENT"]);

    const eightDaysLater = new Date(lastInboundAt.getTime() + 8 * DAY);
    const tooLate = await expectAppError(send(true, eightDaysLater), "CONFLICT");
    expect(tooLate.message).toMatch(/7 days/);
    expect(await p.ledger()).toHaveLength(1);
  });

  it("marks a reply whose answer was lost UNCONFIRMED and never sends it again", async () => {
    const p = await personWrote("INSTAGRAM");
    await sim.fault({
      kind: "hang",
      platform: "instagram",
      accountId: p.channel.externalAccountId,
      operation: "send_message",
      when: "after",
      hangMs: 100,
      count: 1,
    });
    const clientId = randomUUID();
    const now = await simNow();
    const lost = await sendReply(deps(now), p.owner, {
      conversationId: p.conversation.id,
      clientId,
      text: "Here you go",
    });
    expect(lost.sendState).toBe("UNCONFIRMED");
    expect(lost.sendError).toMatch(/may have been delivered; StoryRelay will not resend it/i);
    expect(await p.ledger()).toHaveLength(1);

    const again = await sendReply(deps(now), p.owner, {
      conversationId: p.conversation.id,
      clientId,
      text: "Here you go",
    });
    expect(again).toMatchObject({ id: lost.id, sendState: "UNCONFIRMED" });
    expect(await p.ledger()).toHaveLength(1);
  });

  it("records a person the platform does not know, and a revoked token flags the channel for reconnecting", async () => {
    const p = await personWrote("INSTAGRAM");
    const now = await simNow();
    const stranger = await makeConversation(db(), p.channel, {
      participantId: "17800000000000001",
      lastInboundAt: now,
    });
    const unknown = await sendReply(deps(now), p.owner, {
      conversationId: stranger.id,
      clientId: randomUUID(),
      text: "Hi",
    });
    expect(unknown.sendState).toBe("FAILED");
    expect(unknown.sendError).toMatch(/does not know this person/);

    await sim.fault({ kind: "revoke_token", platform: "instagram", accountId: p.channel.externalAccountId });
    const revoked = await sendReply(deps(now), p.owner, {
      conversationId: p.conversation.id,
      clientId: randomUUID(),
      text: "Hello?",
    });
    expect(revoked.sendState).toBe("FAILED");
    expect(revoked.sendError).toMatch(/Reconnect Instagram/);
    expect((await db().channel.findUniqueOrThrow({ where: { id: p.channel.id } })).status).toBe(
      "NEEDS_REAUTH",
    );
    const notices = await db().notification.findMany({
      where: { workspaceId: p.workspace.id, kind: "channel.needs_reauth" },
    });
    expect(notices.length).toBeGreaterThan(0);
    expect(await p.ledger()).toEqual([]);
  });

  it("refuses viewers, other workspaces, over-long text and a channel to reconnect, sending nothing", async () => {
    const p = await personWrote("INSTAGRAM");
    const now = await simNow();
    const input = { conversationId: p.conversation.id, clientId: randomUUID(), text: "Hi" };
    const viewer = await makeMember(db(), p.workspace, "VIEWER");
    await expectAppError(sendReply(deps(now), viewer, input), "FORBIDDEN");
    const other = await makeWorkspace(db());
    await expectAppError(sendReply(deps(now), other.ctx, input), "NOT_FOUND");
    const tooLong = await expectAppError(
      sendReply(deps(now), p.owner, { ...input, text: "x".repeat(1001) }),
      "INVALID_INPUT",
    );
    expect(tooLong.message).toMatch(/1000 characters/);
    await expectAppError(
      sendReply(deps(now), p.owner, { ...input, clientId: "not-a-uuid" }),
      "INVALID_INPUT",
    );
    await db().channel.update({ where: { id: p.channel.id }, data: { status: "NEEDS_REAUTH" } });
    await expectAppError(sendReply(deps(now), p.owner, input), "CONFLICT");
    expect(
      await db().message.count({ where: { conversationId: p.conversation.id, direction: "OUTBOUND" } }),
    ).toBe(0);
    expect(await p.ledger()).toEqual([]);
  });
});
