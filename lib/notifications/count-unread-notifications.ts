import type { DbOrTx } from "@/lib/db/client";
import type { WorkspaceContext } from "@/lib/workspaces/context";
import { notificationOwner } from "./notification-owner";

/** The caller's unread count in this workspace: the bell's number. */
export async function countUnreadNotifications(db: DbOrTx, ctx: WorkspaceContext): Promise<number> {
  return db.notification.count({
    where: { workspaceId: ctx.workspaceId, userId: notificationOwner(ctx), readAt: null },
  });
}
