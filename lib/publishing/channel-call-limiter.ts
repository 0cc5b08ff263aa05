import type { Redis } from "ioredis";
import { RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";

/**
 * A per-channel call budget shared by every worker through Redis, so one busy account cannot
 * hammer a platform (and one brand's backlog cannot exhaust an app-wide limit for the others).
 * Returns how long to wait before the next call; 0 means go ahead (and the call is counted).
 */
export function createChannelCallLimiter(
  redis: Redis,
  callsPerMinute: number,
): (channelId: string) => Promise<number> {
  const limiter = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: "storyrelay:channel-calls",
    points: callsPerMinute,
    duration: 60,
  });
  return async (channelId) => {
    try {
      await limiter.consume(channelId);
      return 0;
    } catch (error) {
      if (error instanceof RateLimiterRes) return error.msBeforeNext;
      throw error;
    }
  };
}
