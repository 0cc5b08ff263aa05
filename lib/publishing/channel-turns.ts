import type { Redis } from "ioredis";
import { LOWEST_PRIORITY } from "@/lib/queue/brand-turns";

const BUCKET_MS = 60_000;

/**
 * Fair turns between channels. A publish job's BullMQ priority is its place among the targets
 * its channel had dispatched this minute (1 for the first, 2 for the second, …), shared by every
 * worker through Redis. So when one brand has thousands of stories due at once, its jobs
 * interleave with everyone else's, one turn per channel per round, instead of every other
 * brand's story waiting behind the whole backlog. The dispatch jobs before them take their brands'
 * turns the same way (lib/queue/brand-turns.ts).
 */
export function createChannelTurns(redis: Redis, keyPrefix = "storyrelay:channel-turns") {
  return async (channelIds: readonly string[]): Promise<number[]> => {
    if (channelIds.length === 0) return [];
    const bucket = Math.floor(Date.now() / BUCKET_MS);
    // One MULTI per channel rather than one for all: on a Redis Cluster the channels' counters
    // sit on different slots, and a transaction may only touch one slot (decision 038).
    return Promise.all(
      channelIds.map(async (id) => {
        const key = `${keyPrefix}:${id}:${bucket}`;
        const replies =
          (await redis
            .multi()
            .incr(key)
            .pexpire(key, 2 * BUCKET_MS)
            .exec()) ?? [];
        const [error, turn] = replies[0] ?? [null, 1];
        if (error) throw error;
        return Math.min(LOWEST_PRIORITY, Number(turn));
      }),
    );
  };
}
