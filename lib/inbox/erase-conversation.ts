import { recordAudit } from "@/lib/audit/record-audit";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";
import { findVisibleConversation } from "./inbox-access";
import type { InboxDeps } from "./inbox-deps";
import { publishInboxEvent } from "./inbox-events";

/**
 * Erases a person's conversation (a person's request to be forgotten): its messages, notes and
 * the conversation itself, in one transaction. Admins only. The audit entry keeps ids and counts,
 * never what was said. A later message from the same person starts a new conversation.
 */
export async function eraseConversation(deps: InboxDeps, ctx: WorkspaceContext, conversationId: string) {
  assertCan(ctx, "inbox:manage", "erase conversations");
  const conversation = await findVisibleConversation(deps.db, ctx, conversationId);
  const erased = await deps.db.$transaction(async (tx) => {
    const messages = await tx.message.deleteMany({
      where: { conversationId: conversation.id, workspaceId: ctx.workspaceId },
    });
    const notes = await tx.conversationNote.deleteMany({
      where: { conversationId: conversation.id, workspaceId: ctx.workspaceId },
    });
    await tx.conversation.deleteMany({ where: { id: conversation.id, workspaceId: ctx.workspaceId } });
    await recordAudit(tx, ctx, {
      action: "conversation.erase",
      entityType: "Conversation",
      entityId: conversation.id,
      // Named here: the conversation is gone by now, so the trail cannot look its brand up.
      brandId: conversation.brandId,
      channelId: conversation.channelId,
      data: { channelId: conversation.channelId, messages: messages.count, notes: notes.count },
    });
    return { messages: messages.count, notes: notes.count };
  });
  await publishInboxEvent(deps.redis, ctx.workspaceId, {
    type: "conversation",
    conversationId: conversation.id,
    brandId: conversation.brandId,
  });
  return erased;
}
