import type { Redis } from "ioredis";
import { ALL_QUEUE_NAMES } from "@/lib/queue/all-queues";
import { namesAny } from "./id-tokens";

/**
 * Deletes the Redis keys that name one of `ids` (rate-limit counters, a channel's call budget and
 * turns, an inbox's counters, a review link's limiter, a deleted address's sign-in failures), by
 * one SCAN over the keyspace. BullMQ's own keys are left to `purgeQueuedJobs`, which removes jobs
 * with their indexes; deleting a job's hash behind BullMQ's back would corrupt its lists.
 */
export async function purgeRedisKeys(
  deps: { redis: Redis; queuePrefix?: string },
  ids: ReadonlySet<string>,
): Promise<number> {
  const queueSpaces = ALL_QUEUE_NAMES.map((name) => `${deps.queuePrefix ?? "bull"}:${name}:`);
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
