import type { DbOrTx } from "@/lib/db/client";
import type { WorkspaceContext } from "@/lib/workspaces/context";
import { notificationOwner } from "./notification-owner";

const PAGE = 50;

/** The caller's latest notices in this workspace, unread first, newest first. */
export async function listNotifications(db: DbOrTx, ctx: WorkspaceContext) {
  return db.notification.findMany({
    where: { workspaceId: ctx.workspaceId, userId: notificationOwner(ctx) },
    orderBy: [{ readAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
    take: PAGE,
    select: { id: true, kind: true, title: true, body: true, link: true, readAt: true, createdAt: true },
  });
}
