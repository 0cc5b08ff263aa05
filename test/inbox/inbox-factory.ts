import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db/client";
import type { MessageKind } from "@/lib/db/generated/enums";

/**
 * Conversations and messages written as rows, as the inbox worker (lib/inbox/process-inbound-delivery.ts)
 * leaves them, so the inbox's reading and answering can be tested without webhooks.
 */

export type ChannelRef = { id: string; workspaceId: string; brandId: string };

export async function makeConversation(
  db: Db,
  channel: ChannelRef,
  options: {
    participantId?: string;
    name?: string;
    handle?: string;
    /** The person's last message; null: they never wrote. Default: now. */
    lastInboundAt?: Date | null;
    lastOutboundAt?: Date | null;
    status?: "OPEN" | "DONE";
    assigneeId?: string | null;
    unreadCount?: number;
    /** Written as one inbound message at lastInboundAt (default true). */
    withMessage?: { text?: string; kind?: MessageKind; targetFrameId?: string | null } | false;
  } = {},
) {
  const lastInboundAt = options.lastInboundAt === undefined ? new Date() : options.lastInboundAt;
  const participantId = options.participantId ?? String(Math.floor(Math.random() * 1e15));
  const text = options.withMessage === false ? null : (options.withMessage?.text ?? "Love this story!");
  const conversation = await db.conversation.create({
    data: {
      workspaceId: channel.workspaceId,
      brandId: channel.brandId,
      channelId: channel.id,
      participantId,
      participantName: options.name ?? `Person ${participantId.slice(-4)}`,
      participantHandle: options.handle ?? `person_${participantId.slice(-6)}`,
      status: options.status ?? "OPEN",
      assigneeId: options.assigneeId ?? null,
      lastInboundAt,
      lastOutboundAt: options.lastOutboundAt ?? null,
      lastMessageAt: lastInboundAt ?? options.lastOutboundAt ?? new Date(),
      lastMessagePreview: text,
      unreadCount: options.unreadCount ?? (options.withMessage === false ? 0 : 1),
    },
  });
  if (options.withMessage !== false && lastInboundAt) {
    await makeInboundMessage(db, conversation, {
      text,
      kind: options.withMessage?.kind,
      targetFrameId: options.withMessage?.targetFrameId,
      sentAt: lastInboundAt,
    });
  }
  return conversation;
}

export async function makeInboundMessage(
  db: Db,
  conversation: { id: string; workspaceId: string; channelId: string },
  options: { text?: string | null; kind?: MessageKind; targetFrameId?: string | null; sentAt?: Date } = {},
) {
  return db.message.create({
    data: {
      workspaceId: conversation.workspaceId,
      conversationId: conversation.id,
      channelId: conversation.channelId,
      direction: "INBOUND",
      kind: options.kind ?? (options.targetFrameId ? "STORY_REPLY" : "TEXT"),
      externalId: `mid.${randomUUID()}`,
      text: options.text === undefined ? "Love this story!" : options.text,
      targetFrameId: options.targetFrameId ?? null,
      sentAt: options.sentAt ?? new Date(),
    },
  });
}

/**
 * A story published on one channel with `frameCount` image frames, written as rows: what a story
 * reply points at (its StoryTargetFrame, whose externalMediaId the platform names).
 */
export async function makePublishedStory(
  db: Db,
  channel: ChannelRef,
  asset: { id: string },
  options: { frameCount?: number; authorId?: string | null } = {},
) {
  const now = new Date();
  const story = await db.story.create({
    data: {
      workspaceId: channel.workspaceId,
      brandId: channel.brandId,
      authorId: options.authorId ?? null,
      title: `Story ${randomUUID().slice(0, 6)}`,
      status: "PUBLISHED",
      scheduledAt: now,
      publishedAt: now,
    },
  });
  const target = await db.storyTarget.create({
    data: {
      workspaceId: channel.workspaceId,
      storyId: story.id,
      channelId: channel.id,
      state: "PUBLISHED",
      publishedAt: now,
    },
  });
  const targetFrames = [];
  for (let position = 0; position < (options.frameCount ?? 1); position++) {
    const frame = await db.storyFrame.create({
      data: { workspaceId: channel.workspaceId, storyId: story.id, position, mediaAssetId: asset.id },
    });
    targetFrames.push(
      await db.storyTargetFrame.create({
        data: {
          workspaceId: channel.workspaceId,
          targetId: target.id,
          frameId: frame.id,
          position,
          state: "PUBLISHED",
          externalMediaId: String(Math.floor(Math.random() * 1e15)),
          publishedAt: now,
        },
      }),
    );
  }
  return { story, target, targetFrames };
}
