import type { Db } from "@/lib/db/client";
import { enqueueInboundDeliveries, type InboxQueue } from "@/lib/queue/inbox-queue";

/** A delivery this long PENDING has lost its job (Redis wiped, a crash between INSERT and add). */
export const LOST_AFTER_MS = 30_000;
/** Processed deliveries still hold the bytes (personal data): kept a day for support, then deleted. */
export const PROCESSED_KEPT_MS = 24 * 3_600_000;
const BATCH = 500;

/**
 * The inbox sweep's delivery half: queues again every delivery still PENDING after LOST_AFTER_MS
 * (the job id is the delivery's, so one still queued or retrying is left alone) and deletes
 * processed ones after a day. FAILED ones stay for an operator. Nothing received is lost while
 * Postgres keeps it.
 */
export async function sweepInboundDeliveries(
  deps: { db: Db; queue: InboxQueue },
  now: Date,
): Promise<{ requeued: number; deleted: number }> {
  const lost = await deps.db.inboundDelivery.findMany({
    where: { state: "PENDING", receivedAt: { lt: new Date(now.getTime() - LOST_AFTER_MS) } },
    orderBy: { receivedAt: "asc" },
    take: BATCH,
    select: { id: true },
  });
  await enqueueInboundDeliveries(
    deps.queue,
    lost.map((row) => ({ deliveryId: row.id })),
  );
  const { count } = await deps.db.inboundDelivery.deleteMany({
    where: { state: "PROCESSED", processedAt: { lt: new Date(now.getTime() - PROCESSED_KEPT_MS) } },
  });
  return { requeued: lost.length, deleted: count };
}
