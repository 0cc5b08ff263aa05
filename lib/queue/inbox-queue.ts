import { Queue } from "bullmq";
import { z } from "zod";
import { env } from "@/lib/env";
import { type RedisTarget, redisTargetOf } from "@/lib/redis/topology";
import { bullOptions } from "./queues";

/**
 * One job per received webhook delivery (lib/inbox/process-inbound-delivery.ts). The
 * InboundDelivery row is the truth: the job only says "look at it now", and the inbox sweep adds
 * it again when Redis lost it.
 */
export const INBOX_QUEUE = "inbox-delivery";

export const inboxJobSchema = z.object({ deliveryId: z.string().min(1) });
export type InboxJob = z.infer<typeof inboxJobSchema>;
export type InboxQueue = Queue<InboxJob>;

/** Tries before a delivery is left FAILED for an operator; backoff doubles from a second. */
export const INBOX_JOB_ATTEMPTS = 6;

export function createInboxQueue(redis: RedisTarget, prefix?: string): InboxQueue {
  return new Queue<InboxJob>(INBOX_QUEUE, bullOptions(redis, INBOX_QUEUE, prefix));
}

/** The delivery's id: the sweep re-adding a job that is still queued is a no-op. */
export const inboxJobId = (job: InboxJob) => `inbound-${job.deliveryId}`;

const jobOptions = (job: InboxJob) => ({
  jobId: inboxJobId(job),
  attempts: INBOX_JOB_ATTEMPTS,
  backoff: { type: "exponential" as const, delay: 1_000 },
  // Gone once done, so the sweep can add it again should the row still be PENDING.
  removeOnComplete: true,
  removeOnFail: true,
});

export async function enqueueInboundDeliveries(queue: InboxQueue, jobs: InboxJob[]): Promise<void> {
  const data = jobs.map((job) => inboxJobSchema.parse(job));
  // One job (a receiver's) costs half the CPU as add() than as a bulk of one: it is the hot path.
  if (data.length === 1 && data[0]) {
    await queue.add("process", data[0], jobOptions(data[0]));
    return;
  }
  if (data.length === 0) return;
  await queue.addBulk(data.map((job) => ({ name: "process", data: job, opts: jobOptions(job) })));
}

const holder = globalThis as { storyRelayInboxQueue?: InboxQueue };

/** The web process's producer: the webhook routes add a job as they acknowledge a delivery. */
export function webInboxQueue(): InboxQueue {
  holder.storyRelayInboxQueue ??= createInboxQueue(redisTargetOf(env()));
  return holder.storyRelayInboxQueue;
}
