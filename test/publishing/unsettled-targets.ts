import type { PrismaClient } from "@/lib/db/generated/client";
import { createPublishQueues } from "@/lib/queue/publish-queues";
import { dispatchJobId, publishJobId } from "@/lib/queue/queues";
import type { RedisTarget } from "@/lib/redis/topology";

/**
 * One line per target that did not publish, with what decides whether anything will still move
 * it: its story's status, its lease, and the state in Redis of its publish and dispatch jobs
 * (none, waiting, prioritized, active, delayed). A chaos test prints these when it fails, so a
 * run that cannot be repeated at will still tells where the work stopped.
 */
export async function describeUnsettledTargets(
  db: PrismaClient,
  redis: RedisTarget,
  workspaceId: string,
  publishShards: number,
): Promise<string[]> {
  const queues = createPublishQueues(redis, undefined, publishShards);
  try {
    const targets = await db.storyTarget.findMany({
      where: { workspaceId, state: { not: "PUBLISHED" } },
      select: {
        id: true,
        state: true,
        leaseExpiresAt: true,
        nextAttemptAt: true,
        attemptCount: true,
        story: { select: { id: true, status: true, version: true } },
      },
    });
    const stateOf = async (job: { getState(): Promise<string> } | undefined) =>
      job ? await job.getState() : "none";
    return Promise.all(
      targets.map(async (target) => {
        const shard = queues.publishFor(target.id);
        const publishJob = await shard.getJob(publishJobId({ targetId: target.id }));
        const dispatchJob = await queues.dispatch.getJob(
          dispatchJobId({ storyId: target.story.id, workspaceId, version: target.story.version }),
        );
        return [
          `target ${target.id} ${target.state} (attempts ${target.attemptCount}`,
          `lease until ${target.leaseExpiresAt?.toISOString() ?? "-"}`,
          `next attempt ${target.nextAttemptAt?.toISOString() ?? "-"})`,
          `story ${target.story.status} v${target.story.version}`,
          `publish job on ${shard.name}: ${await stateOf(publishJob)}`,
          `dispatch job: ${await stateOf(dispatchJob)}`,
        ].join(", ");
      }),
    );
  } finally {
    await queues.close();
  }
}
