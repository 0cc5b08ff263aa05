import type { WorkspaceContext } from "@/lib/workspaces/context";
import { assertInboxReader, findVisibleConversation } from "./inbox-access";
import type { InboxDeps } from "./inbox-deps";
import { publishInboxEvent } from "./inbox-events";

/** A member opened the conversation: its unread count goes to zero (for everyone: the inbox is shared). */
export async function markConversationRead(deps: InboxDeps, ctx: WorkspaceContext, conversationId: string) {
  assertInboxReader(ctx);
  const conversation = await findVisibleConversation(deps.db, ctx, conversationId);
  if (conversation.unreadCount === 0) return { changed: false };
  await deps.db.conversation.updateMany({
    where: { id: conversation.id, workspaceId: ctx.workspaceId },
    data: { unreadCount: 0 },
  });
  await publishInboxEvent(deps.redis, ctx.workspaceId, {
    type: "conversation",
    conversationId: conversation.id,
    brandId: conversation.brandId,
  });
  return { changed: true };
}
