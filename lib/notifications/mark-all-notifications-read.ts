import type { DbOrTx } from "@/lib/db/client";
import type { WorkspaceContext } from "@/lib/workspaces/context";
import { notificationOwner } from "./notification-owner";

/** Marks all of the caller's notices in this workspace read; returns how many were unread. */
export async function markAllNotificationsRead(db: DbOrTx, ctx: WorkspaceContext): Promise<number> {
  const { count } = await db.notification.updateMany({
    where: { workspaceId: ctx.workspaceId, userId: notificationOwner(ctx), readAt: null },
    data: { readAt: new Date() },
  });
  return count;
}
