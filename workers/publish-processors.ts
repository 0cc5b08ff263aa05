import { DelayedError, type Job } from "bullmq";
import type { PipelineDeps } from "@/lib/publishing/deps";
import { dispatchStory } from "@/lib/publishing/dispatch-story";
import { publishTarget } from "@/lib/publishing/publish-target";
import { runWithJobMeta } from "@/lib/queue/job-meta";
import { dispatchJobSchema, publishJobSchema } from "@/lib/queue/queues";

/**
 * Each job runs with the correlation id and trace context of the request that scheduled it
 * (lib/queue/job-meta.ts): its log lines and the publish jobs it adds carry them on.
 */
export function dispatchProcessor(deps: PipelineDeps) {
  return async (job: Job) => {
    const data = dispatchJobSchema.parse(job.data);
    return runWithJobMeta(job.queueName, data.meta, () => dispatchStory(deps, data), {
      "storyrelay.story_id": data.storyId,
    });
  };
}

/**
 * Runs one publish step and maps its outcome to BullMQ: waiting (container processing, backoff,
 * rate limit, another worker's lease) moves the job back to delayed without holding a slot.
 * Anything thrown that is not a platform answer (database down, a bug) fails the job, and
 * BullMQ's own retries plus the sweep bring it back.
 */
export function publishProcessor(deps: PipelineDeps) {
  return async (job: Job, token?: string) => {
    const data = publishJobSchema.parse(job.data);
    const outcome = await runWithJobMeta(job.queueName, data.meta, () => publishTarget(deps, data), {
      "storyrelay.target_id": data.targetId,
    });
    if (outcome.kind === "wait" || outcome.kind === "busy") {
      const delay = outcome.kind === "wait" ? outcome.delayMs : outcome.retryInMs;
      await job.moveToDelayed(Date.now() + delay, token);
      throw new DelayedError();
    }
    return outcome;
  };
}
