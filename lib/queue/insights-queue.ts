import { Queue } from "bullmq";
import { z } from "zod";
import { INSIGHT_SLOTS } from "@/lib/core/insights";
import { env } from "@/lib/env";
import { type RedisTarget, redisTargetOf } from "@/lib/redis/topology";
import { bullOptions, QUEUES } from "./queues";

/** One reading of one published frame's numbers at one slot (+1 h … final). */
export const insightJobSchema = z.object({
  targetFrameId: z.string().min(1),
  workspaceId: z.string().min(1),
  slot: z.enum(INSIGHT_SLOTS),
});
export type InsightJob = z.infer<typeof insightJobSchema>;

/** Stable: the sweep adding a reading that is already queued is a no-op. */
export const insightJobId = (job: Pick<InsightJob, "targetFrameId" | "slot">) =>
  `insight-${job.targetFrameId}-${job.slot}`;

export function createInsightsQueue(redis: RedisTarget, prefix?: string): Queue<InsightJob> {
  return new Queue<InsightJob>(QUEUES.insights, bullOptions(redis, QUEUES.insights, prefix));
}

const holder = globalThis as { storyRelayInsightsQueue?: Queue<InsightJob> };

function defaultInsightsQueue(): Queue<InsightJob> {
  holder.storyRelayInsightsQueue ??= createInsightsQueue(redisTargetOf(env()));
  return holder.storyRelayInsightsQueue;
}

/**
 * Asks the workers for one reading, `delayMs` from now. Only an optimisation: Postgres (the
 * frame's publishedAt and its snapshots) says what is due, and the insights sweep adds any due
 * reading whose job is missing. A finished job is removed at once so the sweep can add it again
 * should its reading still be missing.
 */
export async function enqueueInsightReading(
  job: InsightJob,
  delayMs = 0,
  queue: Queue<InsightJob> = defaultInsightsQueue(),
): Promise<void> {
  const data = insightJobSchema.parse(job);
  await queue.add("read", data, {
    jobId: insightJobId(data),
    delay: Math.max(0, Math.round(delayMs)),
    removeOnComplete: true,
    removeOnFail: { age: 3_600 },
  });
}

/**
 * For the insights sweep, a reading Postgres says is due and missing: added again unless its job
 * is waiting or running; a job still delayed (the slot's time came before the job's own timer, as
 * when a clock was moved, or a final reading waiting on a call limit) is run now, and decides
 * again whether to wait. A finished job is removed first, so the add is not swallowed under its
 * id. Returns whether anything was queued or promoted.
 */
export async function requeueDueInsightReading(
  queue: Queue<InsightJob>,
  job: InsightJob,
  enqueue: (job: InsightJob) => Promise<void>,
): Promise<boolean> {
  const existing = await queue.getJob(insightJobId(job));
  if (existing) {
    const state = await existing.getState();
    if (state === "delayed") {
      // It may have just started or been removed: then there is nothing to promote.
      return existing.promote().then(
        () => true,
        () => false,
      );
    }
    if (state !== "completed" && state !== "failed" && state !== "unknown") return false;
    await existing.remove().catch(() => undefined);
  }
  await enqueue(job);
  return true;
}
