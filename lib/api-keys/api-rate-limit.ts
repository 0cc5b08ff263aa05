import type { Redis } from "ioredis";
import { RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { AppError } from "@/lib/errors";

export type ApiRateLimit = {
  /** Counts one request for the key; RATE_LIMITED (with retryAfterSeconds) once its minute is spent. */
  consume(apiKeyId: string): Promise<{ limit: number; remaining: number }>;
};

/** A fixed one-minute budget per API key, counted in Redis so every web process shares it. */
export function createApiRateLimit(
  redis: Redis,
  perMinute: number,
  keyPrefix = "storyrelay:api",
): ApiRateLimit {
  const limiter = new RateLimiterRedis({ storeClient: redis, keyPrefix, points: perMinute, duration: 60 });
  return {
    async consume(apiKeyId) {
      try {
        const state = await limiter.consume(apiKeyId);
        return { limit: perMinute, remaining: state.remainingPoints };
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error;
        const retryAfterSeconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
        throw new AppError(
          "RATE_LIMITED",
          `This API key made more than ${perMinute} requests in a minute. Try again in ${retryAfterSeconds} s.`,
          { retryAfterSeconds },
        );
      }
    },
  };
}
