import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db, sql } from "@/lib/db/client";
import type { Env } from "@/lib/env";
import { createUsageBook } from "@/lib/insights/usage-book";
import type { Logger } from "@/lib/logger";
import { mediaUrlSigner } from "@/lib/media/signed-url";
import { publisherFor } from "@/lib/publishers/registry";
import { createChannelCallLimiter } from "@/lib/publishing/channel-call-limiter";
import { createChannelTurns } from "@/lib/publishing/channel-turns";
import type { PipelineDeps } from "@/lib/publishing/deps";
import { createEndpointResolver } from "@/lib/publishing/endpoints";
import { createPublishQueues } from "@/lib/queue/publish-queues";
import { redis } from "@/lib/redis/client";
import { redisTargetOf } from "@/lib/redis/topology";

/** The publish pipeline's dependencies for this worker process, from configuration. */
export function pipelineDepsFromEnv(config: Env, logger: Logger): PipelineDeps {
  const endpoints = createEndpointResolver(config);
  // Publishing's usage headers go to the book the insight readings consult, so an account that
  // publishing brings near its limit gets its readings thinned (lib/insights/collect-insight.ts).
  const usage = createUsageBook(redis());
  return {
    db: db(),
    sql: sql(),
    box: secretBoxFromEnv(config),
    queues: createPublishQueues(redisTargetOf(config), undefined, config.PUBLISH_QUEUE_SHARDS),
    logger,
    publisherFor,
    endpointsFor: (channel) => ({
      ...endpoints(channel),
      onUsage: (seen) => void usage.record(seen, new Date()).catch(() => undefined),
    }),
    mediaUrlFor: mediaUrlSigner(config),
    channelTurns: createChannelTurns(redis()),
    channelCallWait: createChannelCallLimiter(redis(), config.CHANNEL_CALLS_PER_MINUTE),
    leaseMs: config.PUBLISH_LEASE_MS,
    now: () => new Date(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
}
