import type { Redis } from "ioredis";
import { RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";

const WINDOW_SECONDS = 15 * 60;

export type LoginRateLimit = {
  /** Seconds until the next attempt is allowed, or 0 when it may go ahead. */
  blockedFor(email: string, ip: string): Promise<number>;
  recordFailure(email: string, ip: string): Promise<void>;
  recordSuccess(email: string): Promise<void>;
};

/**
 * Counts failed sign-ins per e-mail address and per client IP in Redis, so every web process
 * shares the count. Only failures count: a person who types the right password is never
 * blocked by their own earlier successes. The per-IP budget is larger because offices share one.
 */
export function createLoginRateLimit(redis: Redis, maxFailures: number): LoginRateLimit {
  const byEmail = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: "storyrelay:login-fail:email",
    points: maxFailures,
    duration: WINDOW_SECONDS,
  });
  const byIp = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: "storyrelay:login-fail:ip",
    points: maxFailures * 5,
    duration: WINDOW_SECONDS,
  });

  const remainingBlock = async (limiter: RateLimiterRedis, key: string) => {
    const state = await limiter.get(key);
    return state && state.consumedPoints >= limiter.points ? Math.ceil(state.msBeforeNext / 1000) : 0;
  };

  return {
    async blockedFor(email, ip) {
      const [emailWait, ipWait] = await Promise.all([
        remainingBlock(byEmail, email),
        remainingBlock(byIp, ip),
      ]);
      return Math.max(emailWait, ipWait);
    },
    async recordFailure(email, ip) {
      // consume() rejects with a RateLimiterRes once the budget is spent; the failure is
      // counted either way, and blockedFor() reports the wait.
      await Promise.all([byEmail.consume(email), byIp.consume(ip)].map((p) => p.catch(ignoreExhausted)));
    },
    async recordSuccess(email) {
      await byEmail.delete(email);
    },
  };
}

function ignoreExhausted(error: unknown): void {
  if (!(error instanceof RateLimiterRes)) throw error;
}
