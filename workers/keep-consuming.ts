import { type Job, type Processor, type Queue, Worker, type WorkerOptions } from "bullmq";
import { metrics } from "@/lib/telemetry/metrics";
import { type WorkerLogger, watchWorker } from "./watch-worker";

/** How often the queue is looked at, and how long a worker may take nothing before it is replaced. */
export const CONSUMER_CHECK_MS = 5_000;
export const CONSUMER_STUCK_AFTER_MS = 20_000;

export type KeptWorker = {
  /** The BullMQ worker consuming now (a replacement after a stall). */
  readonly worker: Worker;
  /** How many times the worker was replaced. */
  readonly replacements: number;
  close(): Promise<void>;
};

/**
 * A BullMQ Worker that is replaced when it stops taking jobs: when, for `stuckAfterMs`, its queue
 * had jobs ready (waiting or prioritized), the worker had a free slot, and it started none.
 *
 * Why: after a Redis failover a Worker's blocking connection can wedge for good without an error
 * (BullMQ's open issue #4138 for a Redis Cluster, and the reconnect hangs its watchdog was added
 * for), and the Worker then never fetches again. Jobs are only a nudge here (the database is the
 * truth), but the sweep's re-add of a job that still waits in Redis is a no-op, so a wedged
 * consumer in every process would leave due stories waiting forever, in silence. The replacement
 * opens a new blocking connection; the old worker is closed without waiting for its jobs, which
 * go on to their end; one it can no longer keep locked may run twice, as after any stall (the
 * publish lease fences that). Every queue of both worker kinds is kept so.
 *
 * A healthy worker with a free slot takes a ready job within milliseconds, so the window is far
 * above anything but a stall. Each check is one small Redis call per queue; a check that gets no
 * answer is not repeated until it does, and is reported once it has waited a whole window.
 */
export function keepConsuming<D>(options: {
  queue: Pick<Queue, "name" | "getJobCounts">;
  processor: Processor<D>;
  workerOptions: WorkerOptions & { concurrency: number };
  /** Hears the replacements, and every worker's failed jobs and errors (watchWorker). */
  logger: WorkerLogger;
  /** watchWorker's words for a failed job of this queue. */
  failed?: string;
  checkEveryMs?: number;
  stuckAfterMs?: number;
}): KeptWorker {
  const { queue, logger, workerOptions } = options;
  const checkEveryMs = options.checkEveryMs ?? CONSUMER_CHECK_MS;
  const stuckAfterMs = options.stuckAfterMs ?? CONSUMER_STUCK_AFTER_MS;

  // A worker and what it runs, counted per worker: the jobs an old one still runs after its
  // replacement do not make the new one look busy.
  type Current = { worker: Worker; load: { running: number; lastStartAt: number } };
  const start = (): Current => {
    const load = { running: 0, lastStartAt: Date.now() };
    const counted: Processor<D> = async (job: Job<D>, token, signal) => {
      load.running += 1;
      load.lastStartAt = Date.now();
      try {
        return await options.processor(job, token, signal);
      } finally {
        load.running -= 1;
      }
    };
    const worker = new Worker<D>(queue.name, counted, workerOptions);
    watchWorker(worker, logger, options.failed);
    return { worker, load };
  };

  let current = start();
  let replacements = 0;
  let quietSince: number | undefined;
  let checkStartedAt: number | undefined;
  let reportedSlowCheck = false;
  let closed = false;

  const check = async () => {
    if (checkStartedAt !== undefined) {
      if (!reportedSlowCheck && Date.now() - checkStartedAt >= stuckAfterMs) {
        reportedSlowCheck = true;
        logger.warn(
          { queue: queue.name, waitedMs: Date.now() - checkStartedAt },
          "Redis has not answered how many jobs are ready; the worker cannot be checked",
        );
      }
      return;
    }
    checkStartedAt = Date.now();
    reportedSlowCheck = false;
    let ready: number;
    try {
      const counts = await queue.getJobCounts("wait", "prioritized");
      ready = (counts.wait ?? 0) + (counts.prioritized ?? 0);
    } catch {
      // Redis unreachable: the worker reports that itself, and there is nothing to compare with.
      return;
    } finally {
      checkStartedAt = undefined;
    }
    if (closed) return;
    const now = Date.now();
    if (ready === 0 || current.load.running >= workerOptions.concurrency) {
      quietSince = undefined;
      return;
    }
    quietSince = Math.max(quietSince ?? now, current.load.lastStartAt);
    if (now - quietSince < stuckAfterMs) return;
    logger.warn(
      { queue: queue.name, ready, idleMs: now - quietSince },
      "the worker took no job while jobs were ready; replacing it",
    );
    const old = current.worker;
    current = start();
    replacements += 1;
    quietSince = undefined;
    metrics().workerReplacements.inc({ queue: queue.name });
    void old.close(true).catch(() => undefined);
  };

  const timer = setInterval(() => void check(), checkEveryMs);
  timer.unref();

  return {
    get worker() {
      return current.worker;
    },
    get replacements() {
      return replacements;
    },
    async close() {
      closed = true;
      clearInterval(timer);
      await current.worker.close();
    },
  };
}
