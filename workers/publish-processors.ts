import { DelayedError, type Job } from "bullmq";
import type { PipelineDeps } from "@/lib/publishing/deps";
import { dispatchStory } from "@/lib/publishing/dispatch-story";
import { publishTarget } from "@/lib/publishing/publish-target";
import { dispatchJobSchema, publishJobSchema } from "@/lib/queue/queues";

export function dispatchProcessor(deps: PipelineDeps) {
  return async (job: Job) => dispatchStory(deps, dispatchJobSchema.parse(job.data));
}

/**
 * Runs one publish step and maps its outcome to BullMQ: waiting (container processing, backoff,
 * rate limit, another worker's lease) moves the job back to delayed without holding a slot.
 * Anything thrown that is not a platform answer (database down, a bug) fails the job, and
 * BullMQ's own retries plus the sweep bring it back.
 */
export function publishProcessor(deps: PipelineDeps) {
  return async (job: Job, token?: string) => {
    const outcome = await publishTarget(deps, publishJobSchema.parse(job.data));
    if (outcome.kind === "wait" || outcome.kind === "busy") {
      const delay = outcome.kind === "wait" ? outcome.delayMs : outcome.retryInMs;
      await job.moveToDelayed(Date.now() + delay, token);
      throw new DelayedError();
    }
    return outcome;
  };
}
