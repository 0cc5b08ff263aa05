import type { Job } from "bullmq";
import { platformDescriptor } from "@/lib/core/platforms/registry";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import type { Platform } from "@/lib/db/generated/enums";
import type { Env } from "@/lib/env";
import { messageOf } from "@/lib/errors";
import { type InboxWorkerDeps, processInboundDelivery } from "@/lib/inbox/process-inbound-delivery";
import { purgeExpiredMessages } from "@/lib/inbox/purge-expired-messages";
import { sweepInboundDeliveries } from "@/lib/inbox/sweep-inbound-deliveries";
import { warnClosingWindows } from "@/lib/inbox/warn-closing-windows";
import type { Logger } from "@/lib/logger";
import { createEndpointResolver } from "@/lib/publishing/endpoints";
import { createInboxQueue, INBOX_QUEUE, type InboxJob, inboxJobSchema } from "@/lib/queue/inbox-queue";
import { bullOptions } from "@/lib/queue/queues";
import { COMMAND_CLIENT_OPTIONS } from "@/lib/redis/client";
import { createRedisClient, redisTargetOf } from "@/lib/redis/topology";
import { keepConsuming } from "./keep-consuming";
import { startPeriodicSweep } from "./periodic-sweep";

/** Often enough that a delivery whose job was lost waits well under a minute past LOST_AFTER_MS. */
const INBOX_SWEEP_INTERVAL_MS = 15_000;
/** Each delivery is a few small queries; a burst of replies should not queue behind one another. */
const INBOX_CONCURRENCY = 8;

type InboxWorkerOptions = {
  config: Env;
  logger: Logger;
  /** Tests and the benchmark isolate their queue and sweep lock with a prefix. */
  prefix?: string;
  sweep?: boolean;
  sweepIntervalMs?: number;
  concurrency?: number;
  now?: () => Date;
  /** Tests lower it to see a delivery left FAILED. */
  maxAttempts?: number;
  /** Tests stub a platform's window (the descriptors' hours by default). */
  replyWindowHours?: (platform: Platform) => number | null;
};

/**
 * Files received webhook deliveries in this process (lib/inbox/process-inbound-delivery.ts) and
 * runs the inbox sweep on a timer under a short Redis lock: lost deliveries queued again,
 * processed ones deleted after a day, "window closing" notices, and the retention purge.
 */
export function startInboxWorker({
  config,
  logger,
  prefix,
  sweep: sweeping = true,
  sweepIntervalMs = INBOX_SWEEP_INTERVAL_MS,
  concurrency = INBOX_CONCURRENCY,
  now = () => new Date(),
  maxAttempts,
  replyWindowHours: windowHours = (platform) => platformDescriptor(platform).messaging.replyWindowHours,
}: InboxWorkerOptions) {
  const redis = createRedisClient(redisTargetOf(config), COMMAND_CLIENT_OPTIONS);
  redis.on("error", () => {});
  const queue = createInboxQueue(redisTargetOf(config), prefix);
  const scope = prefix ? `:${prefix}` : "";
  const deps: InboxWorkerDeps = {
    db: db(),
    redis,
    logger,
    box: secretBoxFromEnv(config),
    endpointsFor: createEndpointResolver(config),
    now,
    ...(maxAttempts ? { maxAttempts } : {}),
  };

  const kept = keepConsuming({
    queue,
    processor: async (job: Job<InboxJob>) => processInboundDelivery(deps, inboxJobSchema.parse(job.data)),
    workerOptions: { ...bullOptions(redisTargetOf(config), INBOX_QUEUE, prefix), concurrency },
    logger,
    failed: "inbound delivery job failed",
  });

  const sweepOnce = async () => {
    const at = now();
    const deliveries = await sweepInboundDeliveries({ db: deps.db, queue }, at);
    const warned = await warnClosingWindows({ db: deps.db, replyWindowHours: windowHours }, at);
    const purged = await purgeExpiredMessages({ db: deps.db }, at);
    return { ...deliveries, warned, purged };
  };

  const sweeper = sweeping
    ? startPeriodicSweep({
        redis,
        lockKey: `storyrelay:inbox-sweep-lock${scope}`,
        intervalMs: sweepIntervalMs,
        run: async () => {
          const report = await sweepOnce();
          if (report.requeued + report.deleted + report.warned + report.purged.messages > 0) {
            logger.info(report, "inbox sweep");
          }
        },
        onError: (error) => logger.warn({ reason: messageOf(error) }, "inbox sweep failed; next one soon"),
      })
    : undefined;

  return {
    queue,
    get worker() {
      return kept.worker;
    },
    deps,
    sweepNow: sweepOnce,
    async close(): Promise<void> {
      sweeper?.stop();
      await kept.close();
      await queue.close();
      redis.disconnect();
    },
  };
}
