import type { Db } from "@/lib/db/client";

/** The one Meta webhook endpoint StoryRelay has (app/api/webhooks/meta). */
export const META_WEBHOOK_ENDPOINT = "meta";

export type WebhookStatus = {
  lastVerifiedAt: Date | null;
  lastDeliveryAt: Date | null;
  lastDeliveryStored: number | null;
  lastRefusedAt: Date | null;
  lastRefusedReason: string | null;
  /** Requests refused since the endpoint was first called. */
  refusedCount: number;
};

export type WebhookEvent =
  | { kind: "verified"; at: Date }
  | { kind: "delivered"; at: Date; stored: number }
  | { kind: "refused"; at: Date; reason: string };

/**
 * Notes what the endpoint just saw, for the setup doctor: one row per endpoint, so a flood of
 * refused requests rewrites one row rather than growing a table. Never throws: the answer to Meta
 * matters more than this note.
 */
export async function noteWebhookEvent(deps: { db: Db }, event: WebhookEvent): Promise<void> {
  const data =
    event.kind === "verified"
      ? { lastVerifiedAt: event.at }
      : event.kind === "delivered"
        ? { lastDeliveryAt: event.at, lastDeliveryStored: event.stored }
        : { lastRefusedAt: event.at, lastRefusedReason: event.reason };
  // Every refusal is counted, so a flood of forged requests shows as a number, not one last reason.
  const counted = event.kind === "refused" ? { refusedCount: { increment: 1 } } : {};
  await deps.db.metaWebhookStatus
    .upsert({
      where: { endpoint: META_WEBHOOK_ENDPOINT },
      update: { ...data, ...counted },
      create: { endpoint: META_WEBHOOK_ENDPOINT, ...data, refusedCount: event.kind === "refused" ? 1 : 0 },
    })
    .catch(() => undefined);
}

/** What the endpoint last saw; all empty before Meta ever called it. */
export async function readWebhookStatus(deps: { db: Db }): Promise<WebhookStatus> {
  const row = await deps.db.metaWebhookStatus.findUnique({ where: { endpoint: META_WEBHOOK_ENDPOINT } });
  return {
    lastVerifiedAt: row?.lastVerifiedAt ?? null,
    lastDeliveryAt: row?.lastDeliveryAt ?? null,
    lastDeliveryStored: row?.lastDeliveryStored ?? null,
    lastRefusedAt: row?.lastRefusedAt ?? null,
    lastRefusedReason: row?.lastRefusedReason ?? null,
    refusedCount: row?.refusedCount ?? 0,
  };
}
