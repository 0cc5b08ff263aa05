import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import { authSecret } from "@/lib/channels/credentials";
import { markNeedsReauth } from "@/lib/channels/notify-reauth-needed";
import { readCredentials } from "@/lib/channels/read-credentials";
import { platformDescriptor } from "@/lib/core/platforms/registry";
import { isUniqueViolation } from "@/lib/db/errors";
import type { Platform } from "@/lib/db/generated/enums";
import { AppError } from "@/lib/errors";
import { visibleMediaFilter } from "@/lib/media/library-item";
import type { OutgoingReply, ReplyRequest, SendOutcome } from "@/lib/publishers/messaging-contract";
import { parseInput } from "@/lib/validation";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";
import { conversationWindow, findVisibleConversation, previewOf } from "./inbox-access";
import type { SendReplyDeps } from "./inbox-deps";
import { publishInboxEvent } from "./inbox-events";
import { type OutboundMessage, outboundSelect } from "./outbound-message";

export const sendReplySchema = z
  .object({
    conversationId: z.string().trim().min(1).max(100),
    /** Made by the browser or API client once per message: the same id is the same message. */
    clientId: z.string().trim().uuid("The client id must be a UUID made once per message."),
    text: z.string().trim().max(10_000, "That reply is far too long.").default(""),
    imageAssetId: z.string().trim().min(1).max(100).optional(),
    useHumanAgentTag: z.boolean().default(false),
  })
  .refine((input) => input.text.length > 0 || input.imageAssetId !== undefined, {
    message: "Write a reply or pick an image.",
    path: ["text"],
  });

/** What a marketer reads beside a reply whose answer was lost. */
export const UNCONFIRMED_ADVICE =
  "May have been delivered; StoryRelay will not resend it — check the conversation in the app.";

/**
 * Answers a person through their platform, at most once per `clientId`:
 *
 * 1. A clientId already used returns that message as it is, whatever happened to it: the
 *    platform is never called twice for one message (a double click, a retried API call, a
 *    browser resending after a lost answer).
 * 2. Refusals come before anything is stored or sent: role and brand, the channel needing a
 *    reconnect, text length and image support per platform (descriptor), and the reply window
 *    (24 h on Meta; the human-agent tag only where the workspace allows it and within 7 days).
 * 3. The message is claimed by inserting it SENDING (unique per conversation and clientId), so
 *    of two racing requests only one calls the platform.
 * 4. The outcome is recorded: SENT with the platform's id, FAILED with why, or UNCONFIRMED when
 *    the answer was lost (it may have been delivered; nothing resends it).
 */
export async function sendReply(
  deps: SendReplyDeps,
  ctx: WorkspaceContext,
  input: z.input<typeof sendReplySchema>,
): Promise<OutboundMessage> {
  assertCan(ctx, "inbox:reply", "answer messages");
  const parsed = parseInput(sendReplySchema, input);
  const { db } = deps;
  const now = deps.now?.() ?? new Date();
  const conversation = await findVisibleConversation(db, ctx, parsed.conversationId);

  const existing = await db.message.findFirst({
    where: { conversationId: conversation.id, workspaceId: ctx.workspaceId, clientId: parsed.clientId },
    select: outboundSelect,
  });
  if (existing) return existing;

  const { channel } = conversation;
  const descriptor = platformDescriptor(channel.platform);
  if (parsed.text.length > descriptor.messaging.maxTextLength) {
    throw new AppError(
      "INVALID_INPUT",
      `${descriptor.name} takes replies of at most ${descriptor.messaging.maxTextLength} characters; this one has ${parsed.text.length}.`,
      { fields: { text: `At most ${descriptor.messaging.maxTextLength} characters.` } },
    );
  }
  if (parsed.imageAssetId && !descriptor.messaging.imageReplies) {
    throw new AppError("INVALID_INPUT", `${descriptor.name} replies cannot carry an image.`, {
      fields: { imageAssetId: "Not on this platform." },
    });
  }
  if (channel.status !== "CONNECTED") {
    throw new AppError(
      "CONFLICT",
      `Reconnect ${channel.displayName} before answering: the channel ${channel.status === "NEEDS_REAUTH" ? "needs to be reconnected" : "is disabled"}.`,
    );
  }
  const workspace = await db.workspace.findUniqueOrThrow({
    where: { id: ctx.workspaceId },
    select: { humanAgentReplies: true },
  });
  const window = conversationWindow({
    platform: channel.platform,
    lastInboundAt: conversation.lastInboundAt,
    humanAgentReplies: workspace.humanAgentReplies,
    now,
  });
  if (window.kind === "closed") throw new AppError("CONFLICT", window.reason);
  if (window.kind === "tagged" && !parsed.useHumanAgentTag) {
    throw new AppError(
      "CONFLICT",
      `The standard ${descriptor.messaging.replyWindowHours}-hour window has passed: answer as a person (human-agent reply) or not at all.`,
    );
  }
  const humanAgentTag = window.kind === "tagged";

  let reply: OutgoingReply = { kind: "text", text: parsed.text };
  if (parsed.imageAssetId) {
    const asset = await db.mediaAsset.findFirst({
      where: { AND: [{ id: parsed.imageAssetId }, visibleMediaFilter(ctx)] },
      select: { kind: true, status: true, storageKey: true, mimeType: true },
    });
    if (!asset) throw new AppError("NOT_FOUND", "That image is not in this workspace's media library.");
    if (asset.kind !== "IMAGE" || asset.status !== "READY") {
      throw new AppError("INVALID_INPUT", "Pick an image that has finished processing.", {
        fields: { imageAssetId: "Not a ready image." },
      });
    }
    reply = {
      kind: "image",
      url: deps.mediaUrlFor(asset),
      mimeType: asset.mimeType,
      caption: parsed.text || undefined,
    };
  }

  let claimed: OutboundMessage;
  try {
    claimed = await db.message.create({
      data: {
        workspaceId: ctx.workspaceId,
        conversationId: conversation.id,
        channelId: channel.id,
        direction: "OUTBOUND",
        kind: reply.kind === "image" ? "MEDIA" : "TEXT",
        text: parsed.text || null,
        attachmentType: reply.kind === "image" ? "image" : null,
        sentAt: now,
        authorId: ctx.userId,
        clientId: parsed.clientId,
        sendState: "SENDING",
        humanAgentTag,
      },
      select: outboundSelect,
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // Another request with this clientId claimed it first: that one sends, this one reports it.
    return db.message.findFirstOrThrow({
      where: { conversationId: conversation.id, workspaceId: ctx.workspaceId, clientId: parsed.clientId },
      select: outboundSelect,
    });
  }
  await publishInboxEvent(deps.redis, ctx.workspaceId, {
    type: "message",
    conversationId: conversation.id,
    brandId: conversation.brandId,
  });

  const outcome = await callSender(deps, {
    channel: { ...channel, workspaceId: ctx.workspaceId },
    request: { recipientId: conversation.participantId, reply, humanAgentTag },
  });
  const recorded = await recordOutcome(deps, ctx, {
    conversation,
    messageId: claimed.id,
    channelId: channel.id,
    outcome,
    now,
    reply,
  });
  if (outcome.status === "failed" && outcome.errorClass === "reauth_required") {
    await markNeedsReauth(
      db,
      { ...channel, workspaceId: ctx.workspaceId, brandId: conversation.brandId },
      outcome.advice,
    );
  }
  await publishInboxEvent(deps.redis, ctx.workspaceId, {
    type: "message",
    conversationId: conversation.id,
    brandId: conversation.brandId,
  });
  return recorded;
}

/**
 * The one platform call, as an outcome. A channel whose credentials cannot be read sends nothing
 * (reconnecting fixes it); a sender that throws, which the contract forbids, may have sent.
 */
async function callSender(
  deps: SendReplyDeps,
  input: {
    channel: {
      id: string;
      workspaceId: string;
      platform: Platform;
      displayName: string;
      externalAccountId: string;
      sandbox: boolean;
      config: unknown;
    };
    request: ReplyRequest;
  },
): Promise<SendOutcome> {
  const { channel } = input;
  let secret: string;
  try {
    secret = authSecret(await readCredentials(deps.db, deps.box, channel));
  } catch (error) {
    return {
      status: "failed",
      errorClass: "reauth_required",
      advice: `Reconnect ${channel.displayName}: ${error instanceof AppError ? error.message : "its credentials cannot be read."}`,
    };
  }
  try {
    return await deps.senderFor(channel.platform).send(
      {
        externalAccountId: channel.externalAccountId,
        secret,
        config: (channel.config ?? {}) as Record<string, unknown>,
      },
      input.request,
      deps.endpointsFor(channel),
    );
  } catch {
    return { status: "unknown_outcome", advice: "StoryRelay failed while sending." };
  }
}

function sendErrorOf(outcome: Exclude<SendOutcome, { status: "sent" }>): string {
  if (outcome.status === "unknown_outcome") return `${outcome.advice} ${UNCONFIRMED_ADVICE}`;
  return outcome.advice;
}

async function recordOutcome(
  deps: SendReplyDeps,
  ctx: WorkspaceContext,
  input: {
    conversation: { id: string; brandId: string };
    messageId: string;
    channelId: string;
    outcome: SendOutcome;
    now: Date;
    reply: OutgoingReply;
  },
): Promise<OutboundMessage> {
  const { outcome, conversation, now } = input;
  const sendState =
    outcome.status === "sent" ? "SENT" : outcome.status === "unknown_outcome" ? "UNCONFIRMED" : "FAILED";
  return deps.db.$transaction(async (tx) => {
    // The conversation first, as the inbox worker takes it when it files the platform's echo of
    // this message: taking the message rows first and the conversation last deadlocked with it
    // (seen in a browser run: the reply's answer failed with a write conflict).
    await tx.$queryRaw`SELECT id FROM "Conversation" WHERE id = ${conversation.id} FOR UPDATE`;
    if (outcome.status === "sent") {
      // The platform's echo of this very message may have been stored by the inbox worker before
      // this answer came back; the message is ours (with its author and clientId), so the echo goes.
      await tx.message.deleteMany({
        where: {
          channelId: input.channelId,
          externalId: outcome.externalId,
          clientId: null,
          direction: "OUTBOUND",
        },
      });
    }
    if (outcome.status === "sent") {
      await tx.message.update({
        where: { id: input.messageId },
        data: { sendState, externalId: outcome.externalId, sendError: null },
      });
    } else {
      // Only a message still SENDING takes a lost or failed answer: the inbox worker may already
      // have confirmed it from the platform's echo (SENT with its id), which is the better truth.
      await tx.message.updateMany({
        where: { id: input.messageId, sendState: "SENDING" },
        data: { sendState, sendError: sendErrorOf(outcome) },
      });
    }
    const message = await tx.message.findUniqueOrThrow({
      where: { id: input.messageId },
      select: outboundSelect,
    });
    if (
      outcome.status !== "failed" &&
      outcome.status !== "window_closed" &&
      outcome.status !== "recipient_unknown"
    ) {
      await tx.conversation.update({
        where: { id: conversation.id },
        data: {
          lastOutboundAt: now,
          lastMessageAt: now,
          lastMessagePreview: previewOf(
            input.reply.kind === "text" ? input.reply.text : input.reply.caption,
            "Image",
          ),
        },
      });
    }
    await recordAudit(tx, ctx, {
      action: "conversation.reply",
      entityType: "Message",
      entityId: input.messageId,
      data: {
        conversationId: conversation.id,
        outcome: outcome.status,
        platformCode: "platformCode" in outcome ? (outcome.platformCode ?? null) : null,
      },
    });
    return message;
  });
}
