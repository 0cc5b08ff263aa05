import { randomUUID } from "node:crypto";
import type { DbOrTx } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import type { TEST_EVENT, WebhookEventType } from "./events";

export type WebhookEvent = {
  id: string;
  type: WebhookEventType | typeof TEST_EVENT;
  createdAt: string;
  workspaceId: string;
  data: Prisma.InputJsonObject;
};

/**
 * Writes one PENDING delivery per active endpoint subscribed to the event, due now. Called in the
 * transaction of the change the event reports, so the event exists exactly when the change does;
 * the webhook sweep (workers) sends it. Returns the delivery ids.
 */
export async function recordWebhookEvent(
  tx: DbOrTx,
  event: {
    workspaceId: string;
    type: WebhookEventType | typeof TEST_EVENT;
    /** Or a function building it, called only when some endpoint wants the event. */
    data: Prisma.InputJsonObject | (() => Promise<Prisma.InputJsonObject>);
  },
  now: Date,
  onlyWebhookId?: string,
): Promise<string[]> {
  const webhooks = await tx.webhook.findMany({
    where: {
      workspaceId: event.workspaceId,
      active: true,
      ...(onlyWebhookId ? { id: onlyWebhookId } : { events: { has: event.type } }),
    },
    select: { id: true },
  });
  if (webhooks.length === 0) return [];
  const payload: WebhookEvent = {
    id: `evt_${randomUUID().replaceAll("-", "")}`,
    type: event.type,
    createdAt: now.toISOString(),
    workspaceId: event.workspaceId,
    data: typeof event.data === "function" ? await event.data() : event.data,
  };
  const rows = await tx.webhookDelivery.createManyAndReturn({
    data: webhooks.map((webhook) => ({
      workspaceId: event.workspaceId,
      webhookId: webhook.id,
      eventId: payload.id,
      eventType: payload.type,
      payload,
      nextAttemptAt: now,
    })),
    select: { id: true },
  });
  return rows.map((row) => row.id);
}
