import { ErrorCode } from "bullmq";

/**
 * BullMQ's answers when a worker finishes, fails or delays a job that Redis no longer has as its
 * own: "Missing key for job … moveToFinished" (Redis lost its data: a restart without persistence,
 * a flush), "Missing lock for job …" and "Lock mismatch for job …" (the job's lock ran out while
 * this worker was stalled and another took it over), and "could not renew lock for job …" from
 * its lock extender for the same reasons (that one carries no code, only BullMQ's wording).
 */
const VANISHED = new Set<number>([
  ErrorCode.JobNotExist,
  ErrorCode.JobLockNotExist,
  ErrorCode.JobLockMismatch,
]);

const LOCK_RENEWAL_FAILED = /^could not renew lock for job /;

export function isVanishedJobError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return (typeof code === "number" && VANISHED.has(code)) || LOCK_RENEWAL_FAILED.test(error.message);
}

/** Report a vanished job at most this often per queue, with how many went unreported in between. */
const REPORT_EVERY_MS = 60_000;

/**
 * These are the expected case, not errors: Postgres is the record of every story (decision 008),
 * each processor re-reads it, and the sweep re-adds whatever is still open. So instead of an error
 * with a stack per job, one warning per queue and minute says what happened, with a count.
 * Returns false for any other error, which the caller logs as before.
 */
export function vanishedJobReporter(
  logger: { warn(details: object, message: string): void },
  now: () => number = Date.now,
) {
  const perQueue = new Map<string, { reportedAt: number; unreported: number }>();
  return (queue: string, error: unknown, jobId?: string): boolean => {
    if (!isVanishedJobError(error)) return false;
    const seen = perQueue.get(queue);
    if (seen && now() - seen.reportedAt < REPORT_EVERY_MS) {
      seen.unreported += 1;
      return true;
    }
    logger.warn(
      {
        queue,
        jobId,
        reason: (error as Error).message,
        ...(seen ? { sinceLastReport: seen.unreported } : {}),
      },
      "a job vanished from Redis while this worker ran it (Redis lost its data, or the job was taken over after a stall); nothing is lost: the database holds the work and the sweep re-adds what is still open",
    );
    perQueue.set(queue, { reportedAt: now(), unreported: 0 });
    return true;
  };
}
