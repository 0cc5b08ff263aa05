import type { DbOrTx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { WorkspaceContext } from "@/lib/workspaces/context";
import { notificationOwner } from "./notification-owner";

/**
 * Marks one of the caller's notices read. Someone else's notice, or one of another workspace, is
 * "not found" like a missing one: ids are never confirmed across people.
 */
export async function markNotificationRead(db: DbOrTx, ctx: WorkspaceContext, id: string): Promise<void> {
  const userId = notificationOwner(ctx);
  const mine = await db.notification.findFirst({
    where: { id, workspaceId: ctx.workspaceId, userId },
    select: { readAt: true },
  });
  if (!mine) throw new AppError("NOT_FOUND", "That notification does not exist.");
  if (mine.readAt) return;
  await db.notification.updateMany({
    where: { id, workspaceId: ctx.workspaceId, userId, readAt: null },
    data: { readAt: new Date() },
  });
}
