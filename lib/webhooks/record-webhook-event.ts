import { randomUUID } from "node:crypto";
import { type DbOrTx, type SqlRunner, sqlIn } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import type { TEST_EVENT, WebhookEventType } from "./events";

export type WebhookEvent = {
  id: string;
  type: WebhookEventType | typeof TEST_EVENT;
  createdAt: string;
  workspaceId: string;
  data: Prisma.InputJsonObject;
};

/**
 * The condition a webhook row meets when it should receive `type` events in the workspace: the
 * one rule for who gets an event, also asked ahead by the story roll-up (to skip building a
 * payload nobody wants in the same statement as its status change). Either may be a column of the
 * caller's statement (Prisma.Sql), as in the roll-up of many stories at once.
 */
export function subscribedTo(
  workspaceId: string | Prisma.Sql,
  type: WebhookEventType | typeof TEST_EVENT | Prisma.Sql,
): Prisma.Sql {
  return Prisma.sql`"workspaceId" = ${workspaceId} AND active AND ${type} = ANY(events)`;
}

/**
 * Writes one PENDING delivery per active endpoint subscribed to the event, due now. Called in the
 * transaction of the change the event reports, so the event exists exactly when the change does;
 * the webhook sweep (workers) sends it. Returns the delivery ids. Hand-written statements, so it
 * runs in the publish path's raw transaction as well as in the ORM's (sqlIn).
 */
export async function recordWebhookEvent(
  tx: DbOrTx | SqlRunner,
  event: {
    workspaceId: string;
    type: WebhookEventType | typeof TEST_EVENT;
    /** Or a function building it, called only when some endpoint wants the event. */
    data: Prisma.InputJsonObject | (() => Promise<Prisma.InputJsonObject>);
  },
  now: Date,
  onlyWebhookId?: string,
): Promise<string[]> {
  const sql = sqlIn(tx);
  const webhooks = await sql.query<{ id: string }>(Prisma.sql`
    SELECT id FROM "Webhook"
    WHERE ${
      onlyWebhookId
        ? Prisma.sql`"workspaceId" = ${event.workspaceId} AND active AND id = ${onlyWebhookId}`
        : subscribedTo(event.workspaceId, event.type)
    }`);
  if (webhooks.length === 0) return [];
  const payload: WebhookEvent = {
    id: `evt_${randomUUID().replaceAll("-", "")}`,
    type: event.type,
    createdAt: now.toISOString(),
    workspaceId: event.workspaceId,
    data: typeof event.data === "function" ? await event.data() : event.data,
  };
  const rows = await sql.query<{ id: string }>(Prisma.sql`
    INSERT INTO "WebhookDelivery" (id, "workspaceId", "webhookId", "eventId", "eventType", payload, "nextAttemptAt", "updatedAt")
    SELECT gen_random_uuid()::text, ${event.workspaceId}, w.id, ${payload.id}, ${payload.type}, ${JSON.stringify(payload)}::jsonb,
      ${now}::timestamptz, now()
    FROM unnest(${webhooks.map((w) => w.id)}::text[]) AS w(id)
    RETURNING id`);
  return rows.map((row) => row.id);
}
