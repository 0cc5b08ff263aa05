import { randomUUID } from "node:crypto";
import type { Db, Sql } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { messageOf } from "@/lib/errors";
import type { Logger } from "@/lib/logger";
import { enqueueInboundDeliveries, type InboxQueue } from "@/lib/queue/inbox-queue";

export type StoreInboundDeps = { db: Db; sql: Sql; queue: InboxQueue; logger: Logger };

/**
 * Stores a verified webhook delivery as received and asks the inbox worker to read it: one
 * INSERT and one job, so the platform gets its 2xx at once (Meta and WAHA retry slow answers and
 * Meta disables an endpoint that keeps failing). The INSERT is hand-written on the pool (lib/db's
 * `sql`): this is the receivers' hot path, hundreds a second in a burst, where the ORM's own work
 * per statement dominated (bench/inbox.ts). The row is the truth: when the job cannot be added
 * (Redis away), the delivery is still kept and the inbox sweep queues it within a minute.
 */
export async function storeInboundDelivery(
  deps: StoreInboundDeps,
  input: { source: "meta" | "waha"; channelId?: string; sandbox: boolean; body: Buffer },
): Promise<{ deliveryId: string }> {
  const id = randomUUID();
  await deps.sql.execute(Prisma.sql`
    INSERT INTO "InboundDelivery" ("id", "source", "channelId", "sandbox", "body")
    VALUES (${id}, ${input.source}, ${input.channelId ?? null}, ${input.sandbox}, ${input.body})`);
  await enqueueInboundDeliveries(deps.queue, [{ deliveryId: id }]).catch((error: unknown) =>
    deps.logger.warn(
      { deliveryId: id, reason: messageOf(error) },
      "inbound delivery stored but not queued; the inbox sweep queues it",
    ),
  );
  return { deliveryId: id };
}
