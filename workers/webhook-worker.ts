import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import type { Db } from "@/lib/db/client";
import type { Env } from "@/lib/env";
import { messageOf } from "@/lib/errors";
import type { Logger } from "@/lib/logger";
import { bullOptions } from "@/lib/queue/queues";
import {
  createWebhookQueue,
  enqueueWebhookDeliveries,
  WEBHOOK_QUEUE,
  webhookJobSchema,
} from "@/lib/queue/webhook-queue";
import { redisTargetOf } from "@/lib/redis/topology";
import { metrics } from "@/lib/telemetry/metrics";
import { deliverWebhook, type WebhookDeliveryDeps } from "@/lib/webhooks/deliver-webhook";
import { enqueueDueDeliveries } from "@/lib/webhooks/enqueue-due-deliveries";
import { keepConsuming } from "./keep-consuming";

/** How often due deliveries are looked up: the latency of an event written in a transaction. */
const WEBHOOK_SWEEP_MS = 2_000;

export type WebhookWorkerOptions = {
  db: Db;
  config: Pick<
    Env,
    | "REDIS_URL"
    | "REDIS_CLUSTER_NODES"
    | "REDIS_SENTINELS"
    | "REDIS_SENTINEL_NAME"
    | "ENCRYPTION_KEY"
    | "ENCRYPTION_KEY_ID"
    | "ALLOW_PRIVATE_URLS"
    | "WEBHOOK_DEADLINE_MS"
  >;
  logger: Logger;
  /** BullMQ prefix (tests isolate themselves with one). */
  prefix?: string;
  retry?: Partial<Pick<WebhookDeliveryDeps, "maxAttempts" | "retryBaseMs" | "retryMaxMs">>;
  sweepIntervalMs?: number;
};

/**
 * Sends webhook deliveries: a BullMQ worker for the attempts, re-adding a delayed job after a
 * failed one, and a timer that queues due deliveries from the database (events written inside
 * publishing transactions, and whatever Redis lost). Like the publish sweep it is a plain timer,
 * not a repeatable job, so it keeps working after Redis lost its data.
 */
export function startWebhookWorker(options: WebhookWorkerOptions) {
  const queue = createWebhookQueue(redisTargetOf(options.config), options.prefix);
  const deps: WebhookDeliveryDeps = {
    db: options.db,
    box: secretBoxFromEnv(options.config),
    allowPrivate: options.config.ALLOW_PRIVATE_URLS,
    now: () => new Date(),
    maxAttempts: 8,
    retryBaseMs: 30_000,
    retryMaxMs: 3 * 3_600_000,
    timeoutMs: 10_000,
    deadlineMs: options.config.WEBHOOK_DEADLINE_MS,
    ...options.retry,
  };
  const kept = keepConsuming({
    queue,
    processor: async (job) => {
      const { deliveryId } = webhookJobSchema.parse(job.data);
      const outcome = await deliverWebhook(deps, deliveryId);
      if (outcome.kind !== "skipped") metrics().webhookDeliveries.inc({ outcome: outcome.kind });
      if (outcome.kind === "retry") {
        await enqueueWebhookDeliveries(queue, [{ deliveryId, attempt: outcome.attempt }], outcome.delayMs);
      }
      return outcome.kind;
    },
    workerOptions: {
      ...bullOptions(redisTargetOf(options.config), WEBHOOK_QUEUE, options.prefix),
      concurrency: 20,
    },
    logger: options.logger,
  });

  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const tick = async () => {
    try {
      await enqueueDueDeliveries({ db: options.db, queue, now: deps.now });
    } catch (error) {
      options.logger.warn({ reason: messageOf(error) }, "webhook sweep failed");
    }
    if (!stopped) timer = setTimeout(() => void tick(), options.sweepIntervalMs ?? WEBHOOK_SWEEP_MS).unref();
  };
  void tick();

  return {
    get worker() {
      return kept.worker;
    },
    queue,
    async close() {
      stopped = true;
      clearTimeout(timer);
      await kept.close();
      await queue.close();
    },
  };
}
