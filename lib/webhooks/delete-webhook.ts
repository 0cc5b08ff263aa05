import { recordAudit } from "@/lib/audit/record-audit";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";

/** Removes an endpoint with its delivery log; pending deliveries to it are dropped. */
export async function deleteWebhook(db: Db, ctx: WorkspaceContext, webhookId: string) {
  assertCan(ctx, "workspace:manage", "manage webhooks");
  await db.$transaction(async (tx) => {
    const { count } = await tx.webhook.deleteMany({ where: { id: webhookId, workspaceId: ctx.workspaceId } });
    if (count === 0) throw new AppError("NOT_FOUND", "This webhook does not exist.");
    await recordAudit(tx, ctx, { action: "webhook.delete", entityType: "Webhook", entityId: webhookId });
  });
}
