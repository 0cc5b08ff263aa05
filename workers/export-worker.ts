import type { Job } from "bullmq";
import { db } from "@/lib/db/client";
import type { Env } from "@/lib/env";
import { messageOf } from "@/lib/errors";
import { runDataExport } from "@/lib/exports/run-data-export";
import { sweepDataExports } from "@/lib/exports/sweep-data-exports";
import type { Logger } from "@/lib/logger";
import type { MediaStorage } from "@/lib/media/storage";
import { mediaStorage } from "@/lib/media/storage-config";
import { createDataExportQueue, enqueueDataExport } from "@/lib/queue/data-export-queue";
import { bullOptions, type DataExportJob, dataExportJobSchema, QUEUES } from "@/lib/queue/queues";
import { redis } from "@/lib/redis/client";
import { redisTargetOf } from "@/lib/redis/topology";
import { keepConsuming } from "./keep-consuming";
import { startPeriodicSweep } from "./periodic-sweep";

const EXPORT_SWEEP_INTERVAL_MS = 60_000;

type ExportWorkerOptions = {
  config: Env;
  logger: Logger;
  /** Tests isolate their queue with a BullMQ prefix. */
  prefix?: string;
  /** The periodic sweep (lost jobs, expired exports); on by default. */
  sweep?: boolean;
  sweepIntervalMs?: number;
  /** Where the ZIPs are stored and the media read from; MEDIA_STORAGE by default. */
  storage?: MediaStorage;
};

/**
 * Builds data exports in this process (lib/exports/run-data-export.ts), one at a time: an export
 * streams a whole workspace's media through one file, and two at once would only share the disk
 * and the network. On a timer, the sweep queues again the exports whose job Redis lost or whose
 * worker died, and deletes expired exports' files and rows.
 */
export function startExportWorker({
  config,
  logger,
  prefix,
  sweep: sweeping = true,
  sweepIntervalMs = EXPORT_SWEEP_INTERVAL_MS,
  storage,
}: ExportWorkerOptions) {
  const deps = { db: db(), storage: storage ?? mediaStorage(), logger };
  const queue = createDataExportQueue(redisTargetOf(config), prefix);
  const enqueue = (job: DataExportJob) => enqueueDataExport(job, queue);

  const kept = keepConsuming({
    queue,
    processor: async (job: Job<DataExportJob>) => {
      const outcome = await runDataExport(deps, dataExportJobSchema.parse(job.data));
      logger.info({ exportId: job.data.exportId, outcome }, "data export");
      return outcome;
    },
    // The row's heartbeat, not BullMQ's lock, says whether an export is alive; a long lock keeps
    // a busy event loop (deflating, hashing) from having the job stalled and run twice.
    workerOptions: {
      ...bullOptions(redisTargetOf(config), QUEUES.dataExport, prefix),
      concurrency: 1,
      lockDuration: 120_000,
    },
    logger,
    failed: "export job failed",
  });

  const sweeper = sweeping
    ? startPeriodicSweep({
        redis: redis(),
        lockKey: `storyrelay:export-sweep-lock${prefix ? `:${prefix}` : ""}`,
        intervalMs: sweepIntervalMs,
        run: async () => {
          const swept = await sweepDataExports({ ...deps, queue, enqueue });
          if (swept.requeued + swept.deleted > 0) logger.info(swept, "export sweep");
        },
        onError: (error) => logger.warn({ reason: messageOf(error) }, "export sweep failed"),
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
      await queue.close();
    },
  };
}
