import type { Queue } from "bullmq";

/** BullMQ's lowest priority (its PRIORITY_LIMIT is 2^21); 1 is the first. */
export const LOWEST_PRIORITY = 2 ** 21 - 1;
/** Turns are counted per minute of the due time: a burst is the stories due in the same minute. */
export const TURN_BUCKET_MS = 60_000;
// A bucket's counts are kept until its stories have long been dispatched.
const KEEP_AFTER_BUCKET_MS = 10 * 60_000;

export type TurnRequest = { brandId: string; dueAt: number };

/**
 * Fair turns between brands for dispatch jobs. A story's dispatch job gets as its BullMQ priority
 * its place among the stories its brand has due in that minute (1 for the first, 2 for the
 * second, …), so when one brand has hundreds of stories due at once, the dispatch workers take one
 * story per brand per round instead of every other brand's story waiting behind the whole burst.
 * The publish jobs a dispatch adds take their channels' turns the same way (channel-turns.ts).
 *
 * Counted in one hash per minute, kept in Redis under the dispatch queue's own prefix (so on a
 * Redis Cluster it sits with the queue, decision 038). A story scheduled again takes a new turn;
 * the old one is simply skipped, which only ever makes that brand's later stories wait a little
 * longer behind other brands.
 */
export async function takeBrandTurns(queue: Queue, requests: readonly TurnRequest[]): Promise<number[]> {
  if (requests.length === 0) return [];
  const groups = new Map<string, { bucket: number; brandId: string; indexes: number[] }>();
  for (const [index, { brandId, dueAt }] of requests.entries()) {
    const bucket = Math.floor(dueAt / TURN_BUCKET_MS);
    const key = `${bucket}:${brandId}`;
    const group = groups.get(key) ?? { bucket, brandId, indexes: [] };
    group.indexes.push(index);
    groups.set(key, group);
  }
  // The queue's own connection (BullMQ's client wrapper: plain commands go through runCommand), so
  // taking turns opens no connection of its own.
  const client = await queue.getBackend().client;
  const turns = new Array<number>(requests.length);
  await Promise.all(
    [...groups.values()].map(async ({ bucket, brandId, indexes }) => {
      const key = queue.toKey(`brand-turns:${bucket}`);
      const replies =
        (await client
          .multi()
          .runCommand("hincrby", [key, brandId, indexes.length])
          .runCommand("pexpireat", [key, (bucket + 1) * TURN_BUCKET_MS + KEEP_AFTER_BUCKET_MS])
          .exec()) ?? [];
      const [error, last] = replies[0] ?? [new Error("no reply from Redis")];
      if (error) throw error;
      // The group's stories take the counter's last `indexes.length` turns, in request order.
      const first = Number(last) - indexes.length + 1;
      for (const [n, index] of indexes.entries()) turns[index] = Math.min(LOWEST_PRIORITY, first + n);
    }),
  );
  return turns;
}
