import type { Redis } from "ioredis";
import { RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { AppError } from "@/lib/errors";

export type ReviewRateLimit = {
  /** Counts one request through `linkId` from `ip`; RATE_LIMITED (with retryAfterSeconds) once either budget is spent. */
  consume(linkId: string, ip: string): Promise<void>;
};

/** Requests per minute: per link (a client and their colleagues) and per IP (one office, many links). */
export const REVIEW_LINK_PER_MINUTE = 60;
export const REVIEW_IP_PER_MINUTE = 240;

/**
 * A public page reachable without an account is a target for scripts: each link and each client
 * IP gets a budget per minute, counted in Redis so every web process shares it. The page and each
 * decision and comment count against one limiter; media files against another with larger
 * budgets (`reviewMediaRateLimit`), as one page view fetches many.
 */
export function createReviewRateLimit(
  redis: Redis,
  options: { perLink?: number; perIp?: number; keyPrefix?: string } = {},
): ReviewRateLimit {
  const prefix = options.keyPrefix ?? "storyrelay:review";
  const perLink = options.perLink ?? REVIEW_LINK_PER_MINUTE;
  const perIp = options.perIp ?? REVIEW_IP_PER_MINUTE;
  const byLink = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: `${prefix}:link`,
    points: perLink,
    duration: 60,
  });
  const byIp = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: `${prefix}:ip`,
    points: perIp,
    duration: 60,
  });
  return {
    async consume(linkId, ip) {
      try {
        await byLink.consume(linkId);
        await byIp.consume(ip);
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error;
        const retryAfterSeconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
        throw new AppError(
          "RATE_LIMITED",
          `Too many requests through this review link. Wait ${retryAfterSeconds} s, then reload the page.`,
          { retryAfterSeconds },
        );
      }
    },
  };
}

/** The media files' limiter: ten times the page's budgets, under their own keys. */
export function createReviewMediaRateLimit(redis: Redis): ReviewRateLimit {
  return createReviewRateLimit(redis, {
    keyPrefix: "storyrelay:review-media",
    perLink: REVIEW_LINK_PER_MINUTE * 10,
    perIp: REVIEW_IP_PER_MINUTE * 10,
  });
}
