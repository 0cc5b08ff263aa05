import type { Db } from "@/lib/db/client";
import { enqueueWebhookDeliveries, type WebhookQueue } from "@/lib/queue/webhook-queue";

const BATCH = 500;

/**
 * The webhook sweep: every PENDING delivery that is due gets its job (again). Events written in
 * a publishing transaction reach the queue this way, and so does anything Redis lost; the job
 * id is per attempt, so a job that still exists is left alone.
 */
export async function enqueueDueDeliveries(deps: {
  db: Db;
  queue: WebhookQueue;
  now: () => Date;
}): Promise<number> {
  // Served by WebhookDelivery(status, nextAttemptAt).
  const due = await deps.db.webhookDelivery.findMany({
    where: { status: "PENDING", nextAttemptAt: { lte: deps.now() } },
    orderBy: { nextAttemptAt: "asc" },
    select: { id: true, attempts: true },
    take: BATCH,
  });
  await enqueueWebhookDeliveries(
    deps.queue,
    due.map((delivery) => ({ deliveryId: delivery.id, attempt: delivery.attempts })),
  );
  return due.length;
}
