import { allQueueNames } from "@/lib/queue/all-queues";
import { bullOptions } from "@/lib/queue/queues";
import type { HardDeleteDeps } from "./deletion-deps";
import { namesAny } from "./id-tokens";

/**
 * Deletes the Redis keys that name one of `ids` (rate-limit counters, a channel's call budget and
 * turns, an inbox's counters, a review link's limiter, a deleted address's sign-in failures), by
 * one SCAN over the keyspace. BullMQ's own keys are left to `purgeQueuedJobs`, which removes jobs
 * with their indexes; deleting a job's hash behind BullMQ's back would corrupt its lists.
 */
export async function purgeRedisKeys(
  deps: Pick<HardDeleteDeps, "redis" | "queues">,
  ids: ReadonlySet<string>,
): Promise<number> {
  const { target, publishShards, prefix } = deps.queues;
  // BullMQ's keys are `<prefix>:<queue>:…`, the prefix hash-tagged per queue on a Cluster.
  const queueSpaces = allQueueNames(publishShards).map(
    (name) => `${bullOptions(target, name, prefix).prefix ?? "bull"}:${name}:`,
  );
  let deleted = 0;
  let cursor = "0";
  do {
    const [next, keys] = await deps.redis.scan(cursor, "COUNT", 1000);
    cursor = next;
    const doomed = keys.filter(
      (key) => !queueSpaces.some((space) => key.startsWith(space)) && namesAny(key, ids),
    );
    if (doomed.length > 0) deleted += await deps.redis.del(...doomed);
  } while (cursor !== "0");
  return deleted;
}
