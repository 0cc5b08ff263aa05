import type { Job } from "bullmq";
import { db } from "@/lib/db/client";
import type { Env } from "@/lib/env";
import { messageOf } from "@/lib/errors";
import { requeueStuckImports } from "@/lib/import/requeue-stuck-imports";
import { runImportJob } from "@/lib/import/run-import-job";
import type { Logger } from "@/lib/logger";
import type { MediaStorage } from "@/lib/media/storage";
import { mediaStorage } from "@/lib/media/storage-config";
import { createMediaQueue, enqueueMediaJob } from "@/lib/queue/media-queue";
import { createPlanImportQueue, enqueuePlanImport } from "@/lib/queue/plan-import-queue";
import { createPublishQueues } from "@/lib/queue/publish-queues";
import {
  bullOptions,
  type MediaJob,
  type PlanImportJob,
  planImportJobSchema,
  QUEUES,
} from "@/lib/queue/queues";
import { redis } from "@/lib/redis/client";
import { redisTargetOf } from "@/lib/redis/topology";
import { keepConsuming } from "./keep-consuming";
import { startPeriodicSweep } from "./periodic-sweep";

const IMPORT_SWEEP_INTERVAL_MS = 30_000;

type ImportWorkerOptions = {
  config: Env;
  logger: Logger;
  /** Tests isolate their queues (imports and the dispatch jobs they add) with a BullMQ prefix. */
  prefix?: string;
  /** The periodic sweep; on by default. */
  sweep?: boolean;
  sweepIntervalMs?: number;
  /** Where fetched frames are stored; MEDIA_STORAGE by default. */
  storage?: MediaStorage;
};

/**
 * Runs plan imports in this process (lib/import/run-import-job.ts), one at a time: an import is
 * thousands of rows of batched writes, and two at once would only share the database's time.
 * On a timer, the sweep queues again the imports whose job Redis lost or whose worker died.
 */
export function startImportWorker({
  config,
  logger,
  prefix,
  sweep: sweeping = true,
  sweepIntervalMs = IMPORT_SWEEP_INTERVAL_MS,
  storage,
}: ImportWorkerOptions) {
  const queues = createPublishQueues(redisTargetOf(config), prefix, config.PUBLISH_QUEUE_SHARDS);
  // Frames given as URLs are fetched like POST /media/import and processed by the media worker.
  const mediaQueue = createMediaQueue(redisTargetOf(config), prefix);
  const deps = {
    db: db(),
    queues,
    logger,
    scheduleHorizonDays: config.SCHEDULE_HORIZON_DAYS,
    media: {
      storage: storage ?? mediaStorage(),
      maxBytes: config.MEDIA_MAX_BYTES,
      deadlineMs: config.MEDIA_IMPORT_DEADLINE_MS,
      allowPrivate: config.ALLOW_PRIVATE_URLS,
      enqueue: (job: MediaJob) => enqueueMediaJob(job, mediaQueue),
    },
  };
  const queue = createPlanImportQueue(redisTargetOf(config), prefix);
  const enqueue = (job: PlanImportJob) => enqueuePlanImport(job, queue);

  const kept = keepConsuming({
    queue,
    processor: async (job: Job<PlanImportJob>) => {
      const outcome = await runImportJob(deps, planImportJobSchema.parse(job.data));
      logger.info({ importJobId: job.data.importJobId, outcome }, "plan import");
      return outcome;
    },
    // An import writes its progress every batch; a long lock keeps a busy one from being stalled.
    workerOptions: {
      ...bullOptions(redisTargetOf(config), QUEUES.planImport, prefix),
      concurrency: 1,
      lockDuration: 60_000,
    },
    logger,
    failed: "import job failed",
  });

  const sweeper = sweeping
    ? startPeriodicSweep({
        redis: redis(),
        lockKey: `storyrelay:import-sweep-lock${prefix ? `:${prefix}` : ""}`,
        intervalMs: sweepIntervalMs,
        run: async () => {
          const requeued = await requeueStuckImports({ db: deps.db, queue, enqueue });
          if (requeued > 0) logger.info({ requeued }, "import sweep");
        },
        onError: (error) => logger.warn({ reason: messageOf(error) }, "import sweep failed"),
      })
    : undefined;

  return {
    queue,
    get worker() {
      return kept.worker;
    },
    async close(): Promise<void> {
      sweeper?.stop();
      await kept.close();
      await Promise.all([queue.close(), queues.close(), mediaQueue.close()]);
    },
  };
}
