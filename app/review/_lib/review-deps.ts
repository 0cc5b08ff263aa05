import "server-only";
import { webDeps } from "@/app/_lib/deps";
import { requestOriginOf } from "@/lib/audit/request-origin";
import { env } from "@/lib/env";
import { redis } from "@/lib/redis/client";
import { createReviewMediaRateLimit, createReviewRateLimit } from "@/lib/review-links/review-rate-limit";
import type { ClientRequest } from "@/lib/review-links/review-request";

/**
 * What the public review page and its routes are built from. No session is read or written
 * here: a review link is its own authorisation (lib/review-links/review-token.ts).
 */
export function reviewDeps(kind: "page" | "media" = "page") {
  const deps = webDeps();
  return {
    db: deps.db,
    queues: deps.queues,
    logger: deps.logger,
    scheduleHorizonDays: deps.scheduleHorizonDays,
    authSecret: deps.env.AUTH_SECRET,
    rateLimit: kind === "media" ? createReviewMediaRateLimit(redis()) : createReviewRateLimit(redis()),
  };
}

/**
 * The client's IP (first hop of X-Forwarded-For behind a trusted proxy, TRUST_PROXY) and user
 * agent, for the rate limit and the audit trail. An IP not known is counted as "unknown".
 */
export function clientRequestOf(headers: Headers): ClientRequest {
  const origin = requestOriginOf(headers, env().TRUST_PROXY);
  return { ip: origin.ip ?? "unknown", userAgent: origin.userAgent };
}
