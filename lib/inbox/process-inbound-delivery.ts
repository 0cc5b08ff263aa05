import type { Redis } from "ioredis";
import { authSecret } from "@/lib/channels/credentials";
import { readCredentials } from "@/lib/channels/read-credentials";
import type { SecretBox } from "@/lib/crypto/secret-box";
import type { Db, DbOrTx } from "@/lib/db/client";
import type { MessageKind, Platform } from "@/lib/db/generated/enums";
import { messageOf } from "@/lib/errors";
import type { Logger } from "@/lib/logger";
import { notify } from "@/lib/notifications/notify";
import type { PublisherEndpoints } from "@/lib/publishers/contract";
import {
  type InboundAdapter,
  type InboundEvent,
  InboundFormatError,
} from "@/lib/publishers/inbound-contract";
import { inboundAdapterClaiming, inboundAdapterFor } from "@/lib/publishers/inbound-registry";
import { INBOX_JOB_ATTEMPTS } from "@/lib/queue/inbox-queue";
import { emitMessageReceived } from "@/lib/webhooks/emit-message-received";
import { publishInboxEvent } from "./inbox-events";

export type InboxWorkerDeps = {
  db: Db;
  /** For the live inbox events (publishInboxEvent). */
  redis: Redis;
  logger: Logger;
  /** Opens a channel's token for the profile read. */
  box: SecretBox;
  endpointsFor: (channel: { sandbox: boolean }) => PublisherEndpoints;
  now: () => Date;
  /** Tries before a delivery is left FAILED (the queue's attempts; tests lower it). */
  maxAttempts?: number;
};

export type ProcessOutcome =
  | { kind: "gone" }
  | { kind: "done"; state: "PROCESSED" | "FAILED" }
  | { kind: "processed"; stored: number; duplicates: number; unknownAccounts: number; skipped: number };

const PREVIEW_CHARS = 140;

type Channel = {
  id: string;
  workspaceId: string;
  brandId: string;
  platform: Platform;
  externalAccountId: string;
  displayName: string;
  sandbox: boolean;
  config: unknown;
};

const CHANNEL_SELECT = {
  id: true,
  workspaceId: true,
  brandId: true,
  platform: true,
  externalAccountId: true,
  displayName: true,
  sandbox: true,
  config: true,
} as const;

/**
 * Reads one stored webhook delivery and files what it says (the inbox's one writer of received
 * messages). Each event goes to the channel of its account and platform whose sandbox flag
 * matches the delivery's (a delivery signed with the simulators' public secret reaches sandbox
 * channels only; a WAHA delivery reaches the channel whose URL it came to); an account StoryRelay
 * does not know is logged (ids only) and skipped. Per event, one transaction upserts the
 * conversation (channel × person), inserts the message unless the platform's id is stored already
 * (a duplicate delivery stores nothing and tells no one), ties a story reply to the published
 * frame, and writes the notice and the `message.received` webhook with it. An echo of our own send
 * whose answer was lost confirms that message instead of adding a second one. After commit: the
 * person's profile (once), the live inbox event. The delivery is then PROCESSED; a failure counts
 * an attempt and throws for the queue to retry, and the last attempt leaves it FAILED with its
 * error for an operator (the bytes stay).
 */
export async function processInboundDelivery(
  deps: InboxWorkerDeps,
  input: { deliveryId: string },
): Promise<ProcessOutcome> {
  const row = await deps.db.inboundDelivery.findUnique({ where: { id: input.deliveryId } });
  if (!row) return { kind: "gone" };
  if (row.state !== "PENDING") return { kind: "done", state: row.state };
  try {
    const outcome = await fileDelivery(deps, row);
    await deps.db.inboundDelivery.update({
      where: { id: row.id },
      data: { state: "PROCESSED", processedAt: deps.now(), attempts: { increment: 1 }, lastError: null },
    });
    return outcome;
  } catch (error) {
    const attempts = row.attempts + 1;
    // A body that is not the platform's format will not become one: no point in trying again.
    const final = error instanceof InboundFormatError || attempts >= (deps.maxAttempts ?? INBOX_JOB_ATTEMPTS);
    await deps.db.inboundDelivery.update({
      where: { id: row.id },
      data: { attempts, lastError: messageOf(error).slice(0, 1000), ...(final ? { state: "FAILED" } : {}) },
    });
    deps.logger.warn(
      { deliveryId: row.id, source: row.source, attempts, final, reason: messageOf(error) },
      final ? "inbound delivery failed; left FAILED for an operator" : "inbound delivery failed; retried",
    );
    if (final) return { kind: "done", state: "FAILED" };
    throw error;
  }
}

async function fileDelivery(
  deps: InboxWorkerDeps,
  row: { id: string; source: string; channelId: string | null; sandbox: boolean; body: Uint8Array },
): Promise<ProcessOutcome> {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(row.body).toString("utf8"));
  } catch {
    throw new InboundFormatError("the stored body is not JSON");
  }
  const outcome = { kind: "processed" as const, stored: 0, duplicates: 0, unknownAccounts: 0, skipped: 0 };

  let adapter: InboundAdapter | undefined;
  let urlChannel: Channel | null = null;
  if (row.channelId) {
    urlChannel = await deps.db.channel.findUnique({ where: { id: row.channelId }, select: CHANNEL_SELECT });
    if (!urlChannel) {
      deps.logger.info({ deliveryId: row.id }, "inbound delivery for a channel deleted since: skipped");
      return outcome;
    }
    adapter = inboundAdapterFor(urlChannel.platform);
  } else {
    adapter =
      row.source === "meta" || row.source === "waha" ? inboundAdapterClaiming(row.source, json) : undefined;
  }
  if (!adapter) {
    deps.logger.info(
      { deliveryId: row.id, source: row.source },
      "inbound delivery of no platform StoryRelay reads: skipped",
    );
    return outcome;
  }
  const parsed = adapter.parse(json);
  outcome.skipped += parsed.skipped.length;
  if (parsed.skipped.length > 0)
    deps.logger.debug({ deliveryId: row.id, skipped: parsed.skipped }, "events skipped");

  for (const event of parsed.events) {
    const channels = urlChannel
      ? urlChannel.externalAccountId === event.accountId
        ? [urlChannel]
        : []
      : await deps.db.channel.findMany({
          where: { platform: adapter.platform, externalAccountId: event.accountId, sandbox: row.sandbox },
          select: CHANNEL_SELECT,
        });
    if (channels.length === 0) {
      outcome.unknownAccounts += 1;
      deps.logger.info(
        { deliveryId: row.id, platform: adapter.platform, accountId: event.accountId, sandbox: row.sandbox },
        "message for an account StoryRelay does not know: acknowledged, not stored",
      );
      continue;
    }
    for (const channel of channels) {
      const filed = await fileEvent(deps, channel, event);
      if (filed.stored) outcome.stored += 1;
      else outcome.duplicates += 1;
      if (filed.needsProfile && adapter.readProfile)
        await readProfile(deps, adapter, channel, filed.conversationId, event.personId);
      if (filed.stored || filed.confirmed) {
        await publishInboxEvent(deps.redis, channel.workspaceId, {
          type: "message",
          conversationId: filed.conversationId,
          brandId: channel.brandId,
        });
      }
    }
  }
  return outcome;
}

type LockedConversation = {
  id: string;
  assigneeId: string | null;
  unreadCount: number;
  lastInboundAt: Date | null;
  lastOutboundAt: Date | null;
  lastMessageAt: Date;
  profileCheckedAt: Date | null;
  participantName: string | null;
};

type Filed = { stored: boolean; confirmed: boolean; conversationId: string; needsProfile: boolean };

async function fileEvent(deps: InboxWorkerDeps, channel: Channel, event: InboundEvent): Promise<Filed> {
  const now = deps.now();
  return deps.db.$transaction(async (tx) => {
    const { id: conversationId } = await tx.conversation.upsert({
      where: { channelId_participantId: { channelId: channel.id, participantId: event.personId } },
      create: {
        workspaceId: channel.workspaceId,
        brandId: channel.brandId,
        channelId: channel.id,
        participantId: event.personId,
        participantName: event.personName ?? null,
        lastMessageAt: event.sentAt,
      },
      update: {},
      select: { id: true },
    });
    // One writer per conversation at a time: the counters and "latest" fields below are read and
    // written under this lock, so two deliveries for one person cannot both be "the first unread".
    const [conversation] = await tx.$queryRaw<LockedConversation[]>`
      SELECT "id", "assigneeId", "unreadCount", "lastInboundAt", "lastOutboundAt", "lastMessageAt",
             "profileCheckedAt", "participantName"
        FROM "Conversation" WHERE "id" = ${conversationId} FOR UPDATE`;
    if (!conversation) throw new Error(`conversation ${conversationId} vanished while filing a message`);
    const needsProfile = conversation.profileCheckedAt === null;
    const latest = event.sentAt >= conversation.lastMessageAt;
    const preview = previewOf(event);

    if (event.direction === "OUTBOUND") {
      const known = await tx.message.findFirst({
        where: { channelId: channel.id, externalId: event.externalId },
        select: { id: true },
      });
      if (known) return { stored: false, confirmed: false, conversationId, needsProfile };
      // Our send whose answer was lost (UNCONFIRMED), or still awaited (SENDING: the echo can
      // arrive before the Send API's answer): the echo is that message, not another one.
      const ours = await tx.message.findFirst({
        where: {
          conversationId,
          direction: "OUTBOUND",
          externalId: null,
          sendState: { in: ["UNCONFIRMED", "SENDING"] },
          text: event.text ?? null,
        },
        orderBy: { sentAt: "asc" },
        select: { id: true },
      });
      if (ours) {
        await tx.message.update({
          where: { id: ours.id },
          data: { sendState: "SENT", externalId: event.externalId, sendError: null },
        });
      } else {
        const created = await tx.message.createManyAndReturn({
          data: [{ ...messageData(channel, conversationId, event, null), sendState: "SENT" }],
          skipDuplicates: true,
          select: { id: true },
        });
        if (created.length === 0) return { stored: false, confirmed: false, conversationId, needsProfile };
      }
      await tx.conversation.update({
        where: { id: conversationId },
        data: {
          ...(!conversation.lastOutboundAt || event.sentAt > conversation.lastOutboundAt
            ? { lastOutboundAt: event.sentAt }
            : {}),
          ...(latest ? { lastMessageAt: event.sentAt, lastMessagePreview: preview } : {}),
        },
      });
      return { stored: !ours, confirmed: !!ours, conversationId, needsProfile };
    }

    const frame = event.story ? await frameOf(tx, channel.id, event.story.externalId) : null;
    const kind: MessageKind =
      frame && event.story && !event.story.certain
        ? event.kind === "REACTION"
          ? "STORY_REACTION"
          : "STORY_REPLY"
        : event.kind;
    const storyExternalId = event.story && (event.story.certain || frame) ? event.story.externalId : null;
    const [message] = await tx.message.createManyAndReturn({
      data: [{ ...messageData(channel, conversationId, event, frame?.id ?? null), kind, storyExternalId }],
      skipDuplicates: true,
      select: { id: true },
    });
    if (!message) return { stored: false, confirmed: false, conversationId, needsProfile };

    const updated = await tx.conversation.update({
      where: { id: conversationId },
      data: {
        status: "OPEN",
        unreadCount: { increment: 1 },
        ...(!conversation.lastInboundAt || event.sentAt > conversation.lastInboundAt
          ? { lastInboundAt: event.sentAt }
          : {}),
        ...(latest ? { lastMessageAt: event.sentAt, lastMessagePreview: preview } : {}),
        ...(event.personName && event.personName !== conversation.participantName
          ? { participantName: event.personName }
          : {}),
      },
      select: { unreadCount: true, participantName: true, participantHandle: true },
    });

    // One notice per unread stretch: a chatty person rings the bell once until someone reads.
    if (updated.unreadCount === 1) {
      const who =
        updated.participantName ?? (updated.participantHandle ? `@${updated.participantHandle}` : "Someone");
      await notify(tx, {
        kind: conversation.assigneeId ? "inbox.assigned_reply" : "inbox.reply",
        workspaceId: channel.workspaceId,
        brandId: channel.brandId,
        userIds: conversation.assigneeId ? [conversation.assigneeId] : [],
        title: `${who} ${NOTICE_VERBS[kind]}`,
        // No message text: notices are mailed and posted to chat, beyond the inbox's retention.
        body: `On ${channel.displayName}. Open the inbox to read and answer.`,
        path: `/inbox/${conversationId}`,
      });
    }
    await emitMessageReceived(
      tx,
      {
        id: message.id,
        workspaceId: channel.workspaceId,
        conversationId,
        brandId: channel.brandId,
        channel: { id: channel.id, platform: channel.platform, displayName: channel.displayName },
        person: { id: event.personId, name: updated.participantName },
        kind,
        text: event.text ?? null,
        attachment: event.attachment ? { url: event.attachment.url, type: event.attachment.type } : null,
        storyExternalId,
        frame: frame ? { targetFrameId: frame.id, storyId: frame.storyId, position: frame.position } : null,
        sentAt: event.sentAt,
      },
      now,
    );
    return { stored: true, confirmed: false, conversationId, needsProfile };
  });
}

const NOTICE_VERBS: Record<MessageKind, string> = {
  TEXT: "sent a message",
  STORY_REPLY: "replied to a story",
  STORY_REACTION: "reacted to a story",
  STORY_MENTION: "mentioned the brand in their story",
  REACTION: "reacted to a message",
  MEDIA: "sent a photo or file",
};

function messageData(
  channel: Channel,
  conversationId: string,
  event: InboundEvent,
  targetFrameId: string | null,
) {
  return {
    workspaceId: channel.workspaceId,
    conversationId,
    channelId: channel.id,
    direction: event.direction,
    kind: event.kind as MessageKind,
    externalId: event.externalId,
    text: event.text ?? null,
    attachmentUrl: event.attachment?.url ?? null,
    attachmentType: event.attachment?.type ?? null,
    storyExternalId: event.story?.certain ? event.story.externalId : null,
    targetFrameId,
    sentAt: event.sentAt,
  };
}

function previewOf(event: InboundEvent): string | null {
  const text = event.text?.replace(/\s+/g, " ").trim();
  if (text) return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS - 1)}…` : text;
  return event.attachment ? `[${event.attachment.type}]` : null;
}

/**
 * The published frame a story id names on this channel: Instagram's media id, a Facebook story's
 * post id or its photo/video id, a WhatsApp status's message id — whichever the pipeline stored.
 */
async function frameOf(tx: DbOrTx, channelId: string, storyId: string) {
  const frame = await tx.storyTargetFrame.findFirst({
    where: {
      publishedAt: { not: null },
      target: { channelId },
      OR: [{ externalMediaId: storyId }, { externalPostId: storyId }, { externalMessageId: storyId }],
    },
    orderBy: { publishedAt: "desc" },
    select: { id: true, position: true, frame: { select: { storyId: true } } },
  });
  return frame ? { id: frame.id, position: frame.position, storyId: frame.frame.storyId } : null;
}

/**
 * The person's name, handle and picture, read once per conversation. A failure is logged and
 * leaves profileCheckedAt empty, so the next message tries again; the message is filed either way.
 */
async function readProfile(
  deps: InboxWorkerDeps,
  adapter: InboundAdapter,
  channel: Channel,
  conversationId: string,
  personId: string,
): Promise<void> {
  if (!adapter.readProfile) return;
  try {
    const secret = authSecret(await readCredentials(deps.db, deps.box, channel));
    const profile = await adapter.readProfile(
      {
        externalAccountId: channel.externalAccountId,
        secret,
        config: (channel.config ?? {}) as Record<string, unknown>,
      },
      deps.endpointsFor(channel),
      personId,
    );
    await deps.db.conversation.update({
      where: { id: conversationId },
      data: {
        profileCheckedAt: deps.now(),
        ...(profile.name ? { participantName: profile.name } : {}),
        ...(profile.handle ? { participantHandle: profile.handle } : {}),
        ...(profile.avatarUrl ? { participantAvatarUrl: profile.avatarUrl } : {}),
      },
    });
  } catch (error) {
    deps.logger.info(
      { channelId: channel.id, conversationId, reason: messageOf(error) },
      "profile read failed; tried again on the next message",
    );
  }
}
