import type { Job, Worker } from "bullmq";
import { vanishedJobReporter } from "./vanished-jobs";

export type WorkerLogger = {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
};

/**
 * Logs what a BullMQ worker reports besides its results: a failed job as a warning (its retries
 * or a sweep bring it back), a worker error as an error, and a job that vanished from Redis as
 * the once-a-minute note vanished-jobs.ts explains rather than either. `failed` words the warning
 * when the queue's own consequence is worth saying.
 */
export function watchWorker(worker: Worker, logger: WorkerLogger, failed = "job failed"): void {
  const vanished = vanishedJobReporter(logger);
  worker.on("failed", (job: Job | undefined, error: Error) => {
    if (vanished(worker.name, error, job?.id)) return;
    logger.warn(
      { queue: worker.name, jobId: job?.id, attempt: job?.attemptsMade, err: error.message },
      failed,
    );
  });
  worker.on("error", (error) => {
    if (vanished(worker.name, error)) return;
    logger.error({ queue: worker.name, err: error }, "worker error");
  });
}
