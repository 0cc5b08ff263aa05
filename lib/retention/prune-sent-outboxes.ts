import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { deleteInBatches } from "./delete-in-batches";

/**
 * The outboxes with one row per message sent out: webhook deliveries (an endpoint's delivery log)
 * and chat posts. Both share WebhookDeliveryStatus and an index on (status, createdAt).
 */
const OUTBOXES = ["WebhookDelivery", "ChatMessage"] as const;
export type Outbox = (typeof OUTBOXES)[number];

export type PruneOutboxesOptions = {
  /** DELIVERED rows created before this go. */
  deliveredBefore: Date;
  /** FAILED rows created before this go: kept longer, they are what someone comes to investigate. */
  failedBefore: Date;
  batchSize: number;
  /** Statements per outbox and status per call; what is left goes in the next call. */
  maxBatches: number;
  /** Confines it to one workspace (tests). */
  workspaceId?: string;
};

/**
 * Deletes delivered and failed outbox rows past their age, `batchSize` rows per statement, each
 * picked by primary key through the (status, createdAt) index, so no statement holds many locks
 * or scans the table. PENDING rows are never touched, whatever their age: they are still owed.
 * Resumable by nature: every statement starts from what is left. `done` is false when a call
 * stopped at `maxBatches` with rows still to delete.
 */
export async function pruneSentOutboxes(
  deps: { db: Db },
  options: PruneOutboxesOptions,
): Promise<{ deleted: Record<Outbox, number>; done: boolean }> {
  const deleted: Record<Outbox, number> = { WebhookDelivery: 0, ChatMessage: 0 };
  const only = options.workspaceId ?? null;
  let done = true;
  for (const outbox of OUTBOXES) {
    const table = Prisma.raw(`"${outbox}"`);
    for (const [status, before] of [
      ["DELIVERED", options.deliveredBefore],
      ["FAILED", options.failedBefore],
    ] as const) {
      const pruned = await deleteInBatches(
        deps,
        Prisma.sql`
          DELETE FROM ${table} WHERE id IN (
            SELECT id FROM ${table}
             WHERE status = ${status}::"WebhookDeliveryStatus" AND "createdAt" < ${before}
               AND (${only}::text IS NULL OR "workspaceId" = ${only}::text)
             LIMIT ${options.batchSize})`,
        options,
      );
      deleted[outbox] += pruned.deleted;
      done &&= pruned.done;
    }
  }
  return { deleted, done };
}
