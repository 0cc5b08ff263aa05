import type { Db } from "@/lib/db/client";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";

/** The workspace's inbox settings, for the settings page (admins). */
export async function getInboxSettings(db: Db, ctx: WorkspaceContext) {
  assertCan(ctx, "inbox:manage", "see the inbox settings");
  return db.workspace.findUniqueOrThrow({
    where: { id: ctx.workspaceId },
    select: { messageRetentionDays: true, humanAgentReplies: true },
  });
}
