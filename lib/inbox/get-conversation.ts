import type { Db } from "@/lib/db/client";
import { thumbnailKeyOf, thumbnailSelect } from "@/lib/media/thumbnail-key";
import type { WorkspaceContext } from "@/lib/workspaces/context";
import { assertInboxReader, conversationWindow, findVisibleConversation } from "./inbox-access";

/**
 * One conversation as its page shows it: the person, the channel, its messages oldest first
 * (each story reply with the frame it answers: the story's id and the frame's thumbnail storage
 * key, which only the page turns into a signed URL), the internal notes and the reply window.
 */
export async function getConversation(
  deps: { db: Db; now?: () => Date },
  ctx: WorkspaceContext,
  conversationId: string,
) {
  assertInboxReader(ctx);
  const { db } = deps;
  const now = deps.now?.() ?? new Date();
  const conversation = await findVisibleConversation(db, ctx, conversationId);
  const [workspace, messages, notes, assignee] = await Promise.all([
    db.workspace.findUniqueOrThrow({
      where: { id: ctx.workspaceId },
      select: { humanAgentReplies: true },
    }),
    db.message.findMany({
      where: { conversationId: conversation.id, workspaceId: ctx.workspaceId },
      orderBy: [{ sentAt: "asc" }, { createdAt: "asc" }],
      select: {
        id: true,
        direction: true,
        kind: true,
        text: true,
        attachmentUrl: true,
        attachmentType: true,
        storyExternalId: true,
        sentAt: true,
        clientId: true,
        sendState: true,
        sendError: true,
        humanAgentTag: true,
        purgedAt: true,
        author: { select: { id: true, name: true } },
        targetFrame: {
          select: {
            id: true,
            position: true,
            target: { select: { storyId: true } },
            frame: { select: { id: true, mediaAsset: { select: thumbnailSelect } } },
          },
        },
      },
    }),
    db.conversationNote.findMany({
      where: { conversationId: conversation.id, workspaceId: ctx.workspaceId },
      orderBy: { createdAt: "asc" },
      select: { id: true, body: true, createdAt: true, author: { select: { id: true, name: true } } },
    }),
    conversation.assigneeId
      ? db.user.findUnique({ where: { id: conversation.assigneeId }, select: { id: true, name: true } })
      : null,
  ]);
  return {
    id: conversation.id,
    brand: conversation.brand,
    channel: {
      id: conversation.channel.id,
      platform: conversation.channel.platform,
      displayName: conversation.channel.displayName,
      status: conversation.channel.status,
    },
    participant: {
      id: conversation.participantId,
      name: conversation.participantName,
      handle: conversation.participantHandle,
      avatarUrl: conversation.participantAvatarUrl,
    },
    status: conversation.status,
    assignee,
    unreadCount: conversation.unreadCount,
    lastInboundAt: conversation.lastInboundAt,
    lastOutboundAt: conversation.lastOutboundAt,
    lastMessageAt: conversation.lastMessageAt,
    humanAgentReplies: workspace.humanAgentReplies,
    window: conversationWindow({
      platform: conversation.channel.platform,
      lastInboundAt: conversation.lastInboundAt,
      humanAgentReplies: workspace.humanAgentReplies,
      now,
    }),
    messages: messages.map(({ targetFrame, ...message }) => ({
      ...message,
      frame: targetFrame
        ? {
            storyId: targetFrame.target.storyId,
            frameId: targetFrame.frame.id,
            position: targetFrame.position,
            thumbnailKey: targetFrame.frame.mediaAsset ? thumbnailKeyOf(targetFrame.frame.mediaAsset) : null,
          }
        : null,
    })),
    notes,
  };
}

export type ConversationView = Awaited<ReturnType<typeof getConversation>>;
