import { recordAudit } from "@/lib/audit/record-audit";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";

/** Removes the workspace's chat webhook; posts not sent yet are dropped with it. */
export async function removeChatWebhook(db: Db, ctx: WorkspaceContext) {
  assertCan(ctx, "workspace:manage", "remove the chat webhook");
  await db.$transaction(async (tx) => {
    const existing = await tx.chatWebhook.findUnique({
      where: { workspaceId: ctx.workspaceId },
      select: { id: true },
    });
    if (!existing) throw new AppError("NOT_FOUND", "This workspace has no chat webhook to remove.");
    await tx.chatWebhook.delete({ where: { id: existing.id } });
    await recordAudit(tx, ctx, {
      action: "chat_webhook.remove",
      entityType: "ChatWebhook",
      entityId: existing.id,
    });
  });
}
