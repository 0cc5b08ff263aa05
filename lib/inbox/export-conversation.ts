import { recordAudit } from "@/lib/audit/record-audit";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";
import { findVisibleConversation } from "./inbox-access";
import type { InboxDeps } from "./inbox-deps";

/**
 * Everything StoryRelay keeps about one person's conversation with a brand's account, as one
 * JSON document (a person's request to see their data): the conversation, the person, every
 * message as stored (purged bodies say so) and the team's notes. Admins only; the export itself
 * is audited, by ids.
 */
export async function exportConversation(deps: InboxDeps, ctx: WorkspaceContext, conversationId: string) {
  assertCan(ctx, "inbox:manage", "export conversations");
  const now = deps.now?.() ?? new Date();
  const conversation = await findVisibleConversation(deps.db, ctx, conversationId);
  return deps.db.$transaction(async (tx) => {
    const [messages, notes] = await Promise.all([
      tx.message.findMany({
        where: { conversationId: conversation.id, workspaceId: ctx.workspaceId },
        orderBy: [{ sentAt: "asc" }, { createdAt: "asc" }],
        select: {
          id: true,
          direction: true,
          kind: true,
          externalId: true,
          text: true,
          attachmentUrl: true,
          attachmentType: true,
          storyExternalId: true,
          sentAt: true,
          sendState: true,
          humanAgentTag: true,
          purgedAt: true,
        },
      }),
      tx.conversationNote.findMany({
        where: { conversationId: conversation.id, workspaceId: ctx.workspaceId },
        orderBy: { createdAt: "asc" },
        select: { id: true, body: true, createdAt: true, author: { select: { name: true } } },
      }),
    ]);
    await recordAudit(tx, ctx, {
      action: "conversation.export",
      entityType: "Conversation",
      entityId: conversation.id,
      data: { messages: messages.length, notes: notes.length },
    });
    return {
      exportedAt: now.toISOString(),
      conversation: {
        id: conversation.id,
        brand: conversation.brand.name,
        platform: conversation.channel.platform,
        channel: conversation.channel.displayName,
        status: conversation.status,
        createdAt: conversation.createdAt.toISOString(),
        lastMessageAt: conversation.lastMessageAt.toISOString(),
      },
      person: {
        id: conversation.participantId,
        name: conversation.participantName,
        handle: conversation.participantHandle,
        avatarUrl: conversation.participantAvatarUrl,
      },
      messages: messages.map((m) => ({
        ...m,
        sentAt: m.sentAt.toISOString(),
        purgedAt: m.purgedAt?.toISOString() ?? null,
      })),
      notes: notes.map((n) => ({
        id: n.id,
        body: n.body,
        author: n.author?.name ?? null,
        createdAt: n.createdAt.toISOString(),
      })),
    };
  });
}

export type ConversationExport = Awaited<ReturnType<typeof exportConversation>>;
