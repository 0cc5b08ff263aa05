import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { enqueueWebhookDeliveries, type WebhookQueue } from "@/lib/queue/webhook-queue";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";
import { TEST_EVENT } from "./events";
import { recordWebhookEvent } from "./record-webhook-event";

/**
 * The settings page's "send test event": one `webhook.test` delivery to this endpoint, queued at
 * once. It is signed and logged like any event, so it shows whether the receiver verifies.
 */
export async function sendTestWebhook(
  deps: { db: Db; queue: WebhookQueue; now?: () => Date },
  ctx: WorkspaceContext,
  webhookId: string,
) {
  assertCan(ctx, "workspace:manage", "manage webhooks");
  const now = deps.now?.() ?? new Date();
  const webhook = await deps.db.webhook.findFirst({
    where: { id: webhookId, workspaceId: ctx.workspaceId },
    select: { id: true, active: true },
  });
  if (!webhook) throw new AppError("NOT_FOUND", "This webhook does not exist.");
  if (!webhook.active) throw new AppError("CONFLICT", "This webhook is paused; enable it before testing.");
  const [deliveryId] = await recordWebhookEvent(
    deps.db,
    {
      workspaceId: ctx.workspaceId,
      type: TEST_EVENT,
      data: { message: "A test event from StoryRelay. Your endpoint received and can verify it." },
    },
    now,
    webhook.id,
  );
  if (!deliveryId) throw new AppError("NOT_FOUND", "This webhook does not exist.");
  // Should Redis be unreachable, the webhook sweep sends it.
  await enqueueWebhookDeliveries(deps.queue, [{ deliveryId, attempt: 0 }]).catch(() => undefined);
  return { deliveryId };
}
