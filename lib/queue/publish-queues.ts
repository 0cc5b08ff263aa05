import { Queue } from "bullmq";
import { env } from "@/lib/env";
import { messageOf } from "@/lib/errors";
import type { Logger } from "@/lib/logger";
import type { RedisTarget } from "@/lib/redis/topology";
import { takeBrandTurns } from "./brand-turns";
import { currentJobMeta } from "./job-meta";
import {
  bullOptions,
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
  /** Every publish shard, for the workers (which consume them all) and for tests. */
  publishShards: readonly Queue<PublishJob>[];
  /** The one shard a target's publish jobs always go to. */
  publishFor(targetId: string): Queue<PublishJob>;
  close(): Promise<void>;
};

/**
 * Shard i's queue name. Shard 0 keeps the unsharded name, so one shard is exactly the layout
 * before sharding and raising the count leaves shard 0 where it was.
 */
export function publishShardName(shard: number): string {
  return shard === 0 ? QUEUES.publish : `${QUEUES.publish}-${shard}`;
}

/**
 * A target's shard: FNV-1a of its id, modulo the shard count. Stable across processes and
 * restarts, so the dispatch, a retry and the sweep all put a target's job on the same queue and
 * its stable job id still deduplicates (decision 038).
 */
export function publishShardOf(targetId: string, shards: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < targetId.length; i++) {
    hash ^= targetId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % shards;
}

/**
 * `shards` must be the same in every process that adds or consumes publish jobs (configuration:
 * PUBLISH_QUEUE_SHARDS); a job on a shard nobody consumes is harmless, as the sweep adds the job
 * again on the shard the sweeping worker computes.
 */
export function createPublishQueues(
  redis: RedisTarget,
  prefix?: string,
  shards = env().PUBLISH_QUEUE_SHARDS,
): PublishQueues {
  const dispatch = new Queue<DispatchJob>(QUEUES.dispatch, bullOptions(redis, QUEUES.dispatch, prefix));
  const publishShards = Array.from({ length: shards }, (_, shard) => {
    const name = publishShardName(shard);
    return new Queue<PublishJob>(name, bullOptions(redis, name, prefix));
  });
  return {
    dispatch,
    publishShards,
    publishFor(targetId) {
      const queue = publishShards[publishShardOf(targetId, publishShards.length)];
      if (!queue) throw new Error("no publish shard");
      return queue;
    },
    async close() {
      await Promise.all([dispatch.close(), ...publishShards.map((queue) => queue.close())]);
    },
  };
}

// Completed and failed jobs are removed at once: the database holds the history, and a freed job
// id lets the sweep add the job again when a target needs another go.
const transient = { removeOnComplete: true, removeOnFail: true } as const;

/** A scheduled story as the dispatch producers need it. */
export type DispatchStory = {
  id: string;
  workspaceId: string;
  brandId: string;
  version: number;
  scheduledAt: Date | null;
};

/**
 * Adds the stories' delayed dispatch jobs in one Redis call (an imported plan's thousands of
 * stories), each with its brand's turn for its minute (brand-turns.ts), so a brand's burst does
 * not hold up other brands' stories due at the same time. Throws when Redis does.
 */
export async function enqueueDispatches(
  queues: PublishQueues,
  stories: readonly DispatchStory[],
): Promise<void> {
  const due = dueDispatches(stories);
  if (due.length === 0) return;
  const turns = await takeBrandTurns(
    queues.dispatch,
    // Counted by the minute the story is due, not its dispatch job's (a little earlier).
    due.map(({ brandId, scheduledAt }) => ({ brandId, dueAt: scheduledAt.getTime() })),
  );
  await addDispatches(
    queues,
    due.map((d, i) => ({ ...d, priority: turns[i] })),
  );
}

/**
 * enqueueDispatches, but a Redis failure is logged, not thrown: the stories are scheduled either
 * way and the sweep adds the dispatch jobs Redis does not have.
 */
export async function enqueueDispatchesSafely(
  deps: { queues: PublishQueues; logger: Logger },
  stories: readonly DispatchStory[],
): Promise<void> {
  try {
    await enqueueDispatches(deps.queues, stories);
  } catch (error) {
    warnNotQueued(deps.logger, stories, error, "could not queue the dispatch jobs; the sweep will");
  }
}

/** One story's enqueueDispatchesSafely, after a use case commits. */
export async function enqueueDispatchSafely(
  deps: { queues: PublishQueues; logger: Logger },
  story: DispatchStory,
): Promise<void> {
  await enqueueDispatchesSafely(deps, [story]);
}

/**
 * The sweep's re-add of dispatch jobs Redis may have lost: a no-op for a job still queued, and
 * without a turn, so a recovered story goes ahead of the prioritized ones (it is late already).
 * Taking turns here would also count every story again on every sweep.
 */
export async function requeueDispatchesSafely(
  deps: { queues: PublishQueues; logger: Logger },
  stories: readonly Omit<DispatchStory, "brandId">[],
): Promise<void> {
  try {
    await addDispatches(deps.queues, dueDispatches(stories));
  } catch (error) {
    warnNotQueued(deps.logger, stories, error, "could not queue the dispatch jobs; the next sweep will");
  }
}

// A bulk import's failure names its first stories, not all of its thousands.
function warnNotQueued(logger: Logger, stories: readonly { id: string }[], error: unknown, message: string) {
  logger.warn(
    { stories: stories.length, storyIds: stories.slice(0, 20).map((s) => s.id), reason: messageOf(error) },
    message,
  );
}

function dueDispatches<S extends Omit<DispatchStory, "brandId">>(stories: readonly S[]) {
  const meta = currentJobMeta();
  return stories.flatMap((story) =>
    story.scheduledAt
      ? [
          {
            ...story,
            scheduledAt: story.scheduledAt,
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
}

async function addDispatches(
  queues: PublishQueues,
  due: readonly { data: DispatchJob; dueAt: number; priority?: number }[],
): Promise<void> {
  if (due.length === 0) return;
  await queues.dispatch.addBulk(
    due.map(({ data, dueAt, priority }) => ({
      name: "dispatch",
      data,
      opts: {
        jobId: dispatchJobId(data),
        delay: Math.max(0, dueAt - Date.now()),
        ...(priority ? { priority } : {}),
        ...transient,
      },
    })),
  );
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
  const byShard = new Map<Queue<PublishJob>, Parameters<Queue<PublishJob>["addBulk"]>[0]>();
  for (const [i, job] of jobs.entries()) {
    const payload = publishJobSchema.parse({ meta, ...job });
    const priority = priorities?.[i];
    const queue = queues.publishFor(payload.targetId);
    const bulk = byShard.get(queue) ?? [];
    bulk.push({
      name: "publish",
      data: payload,
      opts: {
        jobId: publishJobId(payload),
        delay: delayMs,
        ...(priority ? { priority } : {}),
        ...transient,
      },
    });
    byShard.set(queue, bulk);
  }
  // One addBulk per shard: a shard's keys live on one Redis Cluster node, so one round trip each.
  await Promise.all([...byShard].map(([queue, bulk]) => queue.addBulk(bulk)));
}

/**
 * Frees the publish jobs of targets whose lease ran out while held, so that adding them again is
 * not a no-op: the job of a worker that died stays "active" in Redis until BullMQ's stalled check
 * moves it, and an add by the same id leaves it there. A job is removed only once its BullMQ lock
 * is gone too (Redis refuses to remove a locked one), so a live worker's job is never touched.
 */
export async function freeAbandonedPublishJobs(queues: PublishQueues, jobs: PublishJob[]): Promise<void> {
  for (const job of jobs) await queues.publishFor(job.targetId).remove(publishJobId(job));
}
