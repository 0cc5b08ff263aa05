import { Queue } from "bullmq";
import { z } from "zod";
import { env } from "@/lib/env";
import { type RedisTarget, redisTargetOf } from "@/lib/redis/topology";
import { bullOptions } from "./queues";

/** One job per delivery attempt; the WebhookDelivery row decides whether it still has work. */
export const WEBHOOK_QUEUE = "webhook-delivery";

export const webhookJobSchema = z.object({ deliveryId: z.string().min(1), attempt: z.number().int().min(0) });
export type WebhookJob = z.infer<typeof webhookJobSchema>;

export type WebhookQueue = Queue<WebhookJob>;

export function createWebhookQueue(redis: RedisTarget, prefix?: string): WebhookQueue {
  return new Queue<WebhookJob>(WEBHOOK_QUEUE, bullOptions(redis, WEBHOOK_QUEUE, prefix));
}

/** Stable per attempt, so the sweep re-adding a job that still exists is a no-op. */
export const webhookJobId = (job: WebhookJob) => `webhook-${job.deliveryId}-a${job.attempt}`;

export async function enqueueWebhookDeliveries(
  queue: WebhookQueue,
  jobs: WebhookJob[],
  delayMs = 0,
): Promise<void> {
  if (jobs.length === 0) return;
  await queue.addBulk(
    jobs.map((job) => {
      const data = webhookJobSchema.parse(job);
      return {
        name: "deliver",
        data,
        opts: { jobId: webhookJobId(data), delay: delayMs, removeOnComplete: true, removeOnFail: true },
      };
    }),
  );
}

const holder = globalThis as { storyRelayWebhookQueue?: WebhookQueue };

/** The web process's producer (test events are sent at once rather than at the next sweep). */
export function webWebhookQueue(): WebhookQueue {
  holder.storyRelayWebhookQueue ??= createWebhookQueue(redisTargetOf(env()));
  return holder.storyRelayWebhookQueue;
}
