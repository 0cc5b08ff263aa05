import { can } from "@/lib/core/roles";
import type { Db } from "@/lib/db/client";
import { isClientMember, visibleBrandFilter, type WorkspaceContext } from "@/lib/workspaces/context";

/** Open conversations with unread messages in the brands the member sees: the nav's "Inbox" count. Zero for those who cannot read the inbox. */
export async function countUnreadConversations(db: Db, ctx: WorkspaceContext): Promise<number> {
  if (!can(ctx.role, "inbox:view") || isClientMember(ctx)) return 0;
  const brands = visibleBrandFilter(ctx);
  return db.conversation.count({
    where: {
      workspaceId: ctx.workspaceId,
      ...(brands.id ? { brandId: brands.id } : {}),
      status: "OPEN",
      unreadCount: { gt: 0 },
    },
  });
}
