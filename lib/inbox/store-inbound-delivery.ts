import type { Db } from "@/lib/db/client";
import { messageOf } from "@/lib/errors";
import type { Logger } from "@/lib/logger";
import { enqueueInboundDeliveries, type InboxQueue } from "@/lib/queue/inbox-queue";

export type StoreInboundDeps = { db: Db; queue: InboxQueue; logger: Logger };

/**
 * Stores a verified webhook delivery as received and asks the inbox worker to read it: one
 * INSERT and one job, so the platform gets its 2xx at once (Meta and WAHA retry slow answers and
 * Meta disables an endpoint that keeps failing). The row is the truth: when the job cannot be
 * added (Redis away), the delivery is still kept and the inbox sweep queues it within a minute.
 */
export async function storeInboundDelivery(
  deps: StoreInboundDeps,
  input: { source: "meta" | "waha"; channelId?: string; sandbox: boolean; body: Buffer },
): Promise<{ deliveryId: string }> {
  const row = await deps.db.inboundDelivery.create({
    data: {
      source: input.source,
      channelId: input.channelId ?? null,
      sandbox: input.sandbox,
      body: new Uint8Array(input.body),
    },
    select: { id: true },
  });
  await enqueueInboundDeliveries(deps.queue, [{ deliveryId: row.id }]).catch((error: unknown) =>
    deps.logger.warn(
      { deliveryId: row.id, reason: messageOf(error) },
      "inbound delivery stored but not queued; the inbox sweep queues it",
    ),
  );
  return { deliveryId: row.id };
}
