import { Queue } from "bullmq";
import { messageOf } from "@/lib/errors";
import type { Logger } from "@/lib/logger";
import { currentJobMeta } from "./job-meta";
import {
  bullConnection,
  type DispatchJob,
  dispatchJobId,
  dispatchJobSchema,
  type PublishJob,
  publishJobId,
  publishJobSchema,
  QUEUES,
} from "./queues";
import { DISPATCH_LEAD_MS } from "./timing";

/**
 * Typed producers for the publish pipeline. Jobs are only ever a nudge: each processor re-reads
 * the database and does nothing when the job is stale, so adding one too many is harmless and
 * the sweep can re-add whatever Redis lost.
 */
export type PublishQueues = {
  dispatch: Queue<DispatchJob>;
  publish: Queue<PublishJob>;
  close(): Promise<void>;
};

export function createPublishQueues(redisUrl: string, prefix?: string): PublishQueues {
  const options = { connection: bullConnection(redisUrl), ...(prefix ? { prefix } : {}) };
  const dispatch = new Queue<DispatchJob>(QUEUES.dispatch, options);
  const publish = new Queue<PublishJob>(QUEUES.publish, options);
  return {
    dispatch,
    publish,
    async close() {
      await Promise.all([dispatch.close(), publish.close()]);
    },
  };
}

// Completed and failed jobs are removed at once: the database holds the history, and a freed job
// id lets the sweep add the job again when a target needs another go.
const transient = { removeOnComplete: true, removeOnFail: true } as const;

export async function enqueueDispatch(queues: PublishQueues, job: DispatchJob, dueAt: Date): Promise<void> {
  const payload = dispatchJobSchema.parse({ meta: currentJobMeta(), ...job });
  await queues.dispatch.add("dispatch", payload, {
    jobId: dispatchJobId(payload),
    delay: Math.max(0, dueAt.getTime() - Date.now()),
    ...transient,
  });
}

/**
 * Adds many stories' dispatch jobs in one Redis call (an imported plan's thousands of stories).
 * A Redis failure is logged, not thrown: the stories are scheduled either way and the sweep adds
 * the dispatch jobs Redis does not have.
 */
export async function enqueueDispatchesSafely(
  deps: { queues: PublishQueues; logger: Logger },
  stories: readonly { id: string; workspaceId: string; version: number; scheduledAt: Date | null }[],
): Promise<void> {
  const meta = currentJobMeta();
  const due = stories.flatMap((story) =>
    story.scheduledAt
      ? [
          {
            data: dispatchJobSchema.parse({
              meta,
              storyId: story.id,
              workspaceId: story.workspaceId,
              version: story.version,
            }),
            dueAt: story.scheduledAt.getTime() - DISPATCH_LEAD_MS,
          },
        ]
      : [],
  );
  if (due.length === 0) return;
  try {
    await deps.queues.dispatch.addBulk(
      due.map(({ data, dueAt }) => ({
        name: "dispatch",
        data,
        opts: { jobId: dispatchJobId(data), delay: Math.max(0, dueAt - Date.now()), ...transient },
      })),
    );
  } catch (error) {
    deps.logger.warn(
      { stories: due.length, reason: messageOf(error) },
      "could not queue the dispatch jobs; the sweep will",
    );
  }
}

/** Adds the dispatch job; a Redis failure is logged, not thrown, because the sweep will add it. */
export async function enqueueDispatchSafely(
  deps: { queues: PublishQueues; logger: Logger },
  story: { id: string; workspaceId: string; version: number; scheduledAt: Date | null },
): Promise<void> {
  if (!story.scheduledAt) return;
  try {
    await enqueueDispatch(
      deps.queues,
      { storyId: story.id, workspaceId: story.workspaceId, version: story.version },
      new Date(story.scheduledAt.getTime() - DISPATCH_LEAD_MS),
    );
  } catch (error) {
    deps.logger.warn(
      { storyId: story.id, reason: messageOf(error) },
      "could not queue the dispatch job; the sweep will",
    );
  }
}

/**
 * Adds publish jobs. `priorities` (BullMQ's: 1 first) gives each job its channel's turn; jobs
 * without one (recoveries, manual retries) go ahead of all prioritized ones.
 */
export async function enqueuePublish(
  queues: PublishQueues,
  jobs: PublishJob[],
  delayMs = 0,
  priorities?: readonly number[],
): Promise<void> {
  if (jobs.length === 0) return;
  const meta = currentJobMeta();
  await queues.publish.addBulk(
    jobs.map((job, i) => {
      const payload = publishJobSchema.parse({ meta, ...job });
      const priority = priorities?.[i];
      return {
        name: "publish",
        data: payload,
        opts: {
          jobId: publishJobId(payload),
          delay: delayMs,
          ...(priority ? { priority } : {}),
          ...transient,
        },
      };
    }),
  );
}

/**
 * Frees the publish jobs of targets whose lease ran out while held, so that adding them again is
 * not a no-op: the job of a worker that died stays "active" in Redis until BullMQ's stalled check
 * moves it, and an add by the same id leaves it there. A job is removed only once its BullMQ lock
 * is gone too (Redis refuses to remove a locked one), so a live worker's job is never touched.
 */
export async function freeAbandonedPublishJobs(queues: PublishQueues, jobs: PublishJob[]): Promise<void> {
  for (const job of jobs) await queues.publish.remove(publishJobId(job));
}
