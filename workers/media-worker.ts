import type { Job } from "bullmq";
import type { Logger } from "pino";
import { db } from "@/lib/db/client";
import type { Env } from "@/lib/env";
import { messageOf } from "@/lib/errors";
import { type FfmpegBinaries, resolveFfmpegBinaries } from "@/lib/media/ffmpeg";
import { markMediaFailed, processMediaAsset } from "@/lib/media/process-media-asset";
import { requeueStuckMedia } from "@/lib/media/requeue-stuck-media";
import type { MediaStorage } from "@/lib/media/storage";
import { mediaStorage } from "@/lib/media/storage-config";
import { processingTempDir, uploadStore } from "@/lib/media/upload-store";
import { createMediaQueue, enqueueMediaJob, MEDIA_JOB_ATTEMPTS } from "@/lib/queue/media-queue";
import { bullOptions, type MediaJob, mediaJobSchema, QUEUES } from "@/lib/queue/queues";
import { redis } from "@/lib/redis/client";
import { redisTargetOf } from "@/lib/redis/topology";
import { keepConsuming } from "./keep-consuming";
import { startPeriodicSweep } from "./periodic-sweep";

const MEDIA_SWEEP_INTERVAL_MS = 60_000;

type MediaWorkerOptions = {
  config: Env;
  logger: Logger;
  /** Tests isolate their queues with a BullMQ prefix. */
  prefix?: string;
  /** Where media bytes live; MEDIA_STORAGE by default, a test's own directory in tests. */
  storage?: MediaStorage;
  /** The periodic sweep; on by default, off in tests that must not pick up other tests' assets. */
  sweep?: boolean;
};

function memo<T>(make: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | undefined;
  return () => {
    promise ??= make().catch((error) => {
      promise = undefined; // a fixed FFMPEG_PATH is picked up on the next job
      throw error;
    });
    return promise;
  };
}

/**
 * Runs the media queue in this process: processes uploads (lib/media/process-media-asset.ts)
 * and, on a timer, re-enqueues assets whose job was lost and removes resumable uploads left
 * unfinished past MEDIA_UPLOAD_EXPIRY_HOURS. `close()` kills running encodes and stops both.
 */
export function startMediaWorker({
  config,
  logger,
  prefix,
  storage,
  sweep: sweeping = true,
}: MediaWorkerOptions) {
  const stopping = new AbortController();
  const binaries: () => Promise<FfmpegBinaries> = memo(() => resolveFfmpegBinaries(config));
  const deps = {
    db: db(),
    storage: storage ?? mediaStorage(),
    binaries,
    tempDir: processingTempDir(config),
    signal: stopping.signal,
  };
  const queue = createMediaQueue(redisTargetOf(config), prefix);
  const enqueue = (job: MediaJob) => enqueueMediaJob(job, queue);

  const kept = keepConsuming({
    queue,
    processor: async (job: Job<MediaJob>) => {
      const data = mediaJobSchema.parse(job.data);
      try {
        const outcome = await processMediaAsset(deps, data);
        logger.info({ assetId: data.assetId, outcome }, "media processed");
        return outcome;
      } catch (error) {
        const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? MEDIA_JOB_ATTEMPTS);
        if (lastAttempt && !stopping.signal.aborted) {
          const reason = messageOf(error);
          await markMediaFailed(deps.db, data, `Processing failed (${reason}). Upload the file again.`);
        }
        throw error;
      }
    },
    workerOptions: {
      ...bullOptions(redisTargetOf(config), QUEUES.media, prefix),
      concurrency: config.WORKER_MEDIA_CONCURRENCY,
    },
    logger,
    failed: "media job failed",
  });

  const uploads = uploadStore(config);
  // One worker process per period does the sweep (as for the publish sweep in workers/publish-kind.ts).
  const sweeper = sweeping
    ? startPeriodicSweep({
        redis: redis(),
        lockKey: `storyrelay:media-sweep-lock${prefix ? `:${prefix}` : ""}`,
        intervalMs: MEDIA_SWEEP_INTERVAL_MS,
        run: async () => {
          const requeued = await requeueStuckMedia({ db: deps.db, queue, enqueue });
          const expired = await uploads.deleteExpired();
          if (requeued + expired > 0) logger.info({ requeued, expiredUploads: expired }, "media sweep");
        },
        onError: (error) => logger.warn({ reason: messageOf(error) }, "media sweep failed"),
      })
    : undefined;

  return {
    queue,
    get worker() {
      return kept.worker;
    },
    async close(): Promise<void> {
      stopping.abort();
      sweeper?.stop();
      await kept.close();
      await queue.close();
    },
  };
}
