import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db, sql } from "@/lib/db/client";
import type { Env } from "@/lib/env";
import type { Logger } from "@/lib/logger";
import { mediaUrlSigner } from "@/lib/media/signed-url";
import { publisherFor } from "@/lib/publishers/registry";
import { createChannelCallLimiter } from "@/lib/publishing/channel-call-limiter";
import { createChannelTurns } from "@/lib/publishing/channel-turns";
import type { PipelineDeps } from "@/lib/publishing/deps";
import { createEndpointResolver } from "@/lib/publishing/endpoints";
import { createPublishQueues } from "@/lib/queue/publish-queues";
import { redis } from "@/lib/redis/client";

/** The publish pipeline's dependencies for this worker process, from configuration. */
export function pipelineDepsFromEnv(config: Env, logger: Logger): PipelineDeps {
  return {
    db: db(),
    sql: sql(),
    box: secretBoxFromEnv(config),
    queues: createPublishQueues(config.REDIS_URL),
    logger,
    publisherFor,
    endpointsFor: createEndpointResolver(config),
    mediaUrlFor: mediaUrlSigner(config),
    channelTurns: createChannelTurns(redis()),
    channelCallWait: createChannelCallLimiter(redis(), config.CHANNEL_CALLS_PER_MINUTE),
    leaseMs: config.PUBLISH_LEASE_MS,
    now: () => new Date(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
}
