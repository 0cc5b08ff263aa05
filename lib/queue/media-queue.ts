import { Queue } from "bullmq";
import { env } from "@/lib/env";
import { type RedisTarget, redisTargetOf } from "@/lib/redis/topology";
import { currentJobMeta } from "./job-meta";
import { bullOptions, type MediaJob, mediaJobId, mediaJobSchema, QUEUES } from "./queues";

export function createMediaQueue(redis: RedisTarget, prefix?: string): Queue<MediaJob> {
  return new Queue<MediaJob>(QUEUES.media, bullOptions(redis, QUEUES.media, prefix));
}

const holder = globalThis as { storyRelayMediaQueue?: Queue<MediaJob> };

function defaultMediaQueue(): Queue<MediaJob> {
  holder.storyRelayMediaQueue ??= createMediaQueue(redisTargetOf(env()));
  return holder.storyRelayMediaQueue;
}

/**
 * Asks the workers to process an uploaded file. The job id is the asset's, so adding it twice
 * (the sweep after a lost enqueue) queues it once. Processing failures that are the file's
 * fault end the job at once (the asset becomes FAILED); others retry with backoff.
 */
export async function enqueueMediaJob(
  job: MediaJob,
  queue: Queue<MediaJob> = defaultMediaQueue(),
): Promise<void> {
  const data = mediaJobSchema.parse({ meta: currentJobMeta(), ...job });
  await queue.add("process", data, {
    jobId: mediaJobId(data),
    attempts: MEDIA_JOB_ATTEMPTS,
    backoff: { type: "exponential", delay: 10_000 },
    removeOnComplete: { age: 24 * 3600 },
    removeOnFail: { age: 7 * 24 * 3600 },
  });
}

export const MEDIA_JOB_ATTEMPTS = 4;

/**
 * Queues an asset that was processed before for processing again (a new framing). Its earlier
 * job keeps the asset's job id for a day after finishing, and BullMQ ignores an add under a
 * taken id, so a finished job is removed first. One still waiting is left to do the work (it
 * reads the asset's current choices when it starts); one running right now read the asset
 * before it was queued again and skips it, and the media sweep queues it once more within a
 * couple of minutes (rare: the asset was Ready, so its job had nothing left to do).
 */
export async function requeueMediaJob(
  job: MediaJob,
  queue: Queue<MediaJob> = defaultMediaQueue(),
): Promise<void> {
  const data = mediaJobSchema.parse(job);
  const existing = await queue.getJob(mediaJobId(data));
  if (existing) {
    const state = await existing.getState();
    if (state !== "completed" && state !== "failed") return;
    await existing.remove();
  }
  await enqueueMediaJob(data, queue);
}
