import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";

/** An endpoint's delivery log, newest first. */
export async function listWebhookDeliveries(db: Db, ctx: WorkspaceContext, webhookId: string, limit = 50) {
  assertCan(ctx, "workspace:manage", "see webhooks");
  const webhook = await db.webhook.findFirst({
    where: { id: webhookId, workspaceId: ctx.workspaceId },
    select: { id: true },
  });
  if (!webhook) throw new AppError("NOT_FOUND", "This webhook does not exist.");
  // Served by WebhookDelivery(workspaceId, webhookId, createdAt).
  return db.webhookDelivery.findMany({
    where: { workspaceId: ctx.workspaceId, webhookId },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: {
      id: true,
      eventId: true,
      eventType: true,
      status: true,
      attempts: true,
      nextAttemptAt: true,
      lastStatusCode: true,
      lastError: true,
      deliveredAt: true,
      createdAt: true,
    },
  });
}
