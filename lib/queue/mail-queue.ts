import { Queue } from "bullmq";
import { env } from "@/lib/env";
import { redisTargetOf } from "@/lib/redis/topology";
import { currentJobMeta } from "./job-meta";
import { bullOptions, type MailJob, mailJobSchema, QUEUES } from "./queues";

const holder = globalThis as { storyRelayMailQueue?: Queue<MailJob> };

/** The process's mail queue (one per process, like its connection). */
export function mailQueue(): Queue<MailJob> {
  holder.storyRelayMailQueue ??= new Queue<MailJob>(
    QUEUES.mail,
    bullOptions(redisTargetOf(env()), QUEUES.mail),
  );
  return holder.storyRelayMailQueue;
}

/**
 * Hands a mail to the workers, which retry SMTP failures with backoff. Called after the
 * transaction that made the mail necessary has committed. `queue` is for tests that isolate
 * themselves with a BullMQ prefix; `jobId` for mail that must not go out twice (notices).
 */
export async function enqueueMail(
  mail: MailJob,
  queue: Queue<MailJob> = mailQueue(),
  options: { jobId?: string } = {},
): Promise<void> {
  await queue.add("send", mailJobSchema.parse({ meta: currentJobMeta(), ...mail }), {
    // A stable id makes adding the same mail twice a no-op while the job is kept (7 days).
    ...(options.jobId ? { jobId: options.jobId } : {}),
    attempts: 8,
    backoff: { type: "exponential", delay: 5_000 },
    removeOnComplete: { age: 7 * 24 * 3600 },
    removeOnFail: { age: 30 * 24 * 3600 },
  });
}
