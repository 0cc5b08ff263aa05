import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import type { Env } from "@/lib/env";
import { messageOf } from "@/lib/errors";
import type { Logger } from "@/lib/logger";
import { mediaStorage } from "@/lib/media/storage-config";
import type { HardDeleteDeps } from "@/lib/privacy/deletion-deps";
import { purgeExpiredMedia } from "@/lib/privacy/purge-expired-media";
import { runDeletionSweep } from "@/lib/privacy/run-deletion-sweep";
import { publisherFor } from "@/lib/publishers/registry";
import { createEndpointResolver } from "@/lib/publishing/endpoints";
import { redis } from "@/lib/redis/client";
import { redisTargetOf } from "@/lib/redis/topology";
import { startPeriodicSweep } from "./periodic-sweep";

// Grace periods end on the day, not the second: once a minute is prompt enough, and a hard
// delete of a big workspace may take a while, so the lock (the period) leaves it room.
const DELETION_SWEEP_INTERVAL_MS = 60_000;

/** The hard-delete dependencies for this worker process, from configuration. */
export function hardDeleteDepsFromEnv(config: Env, logger: Logger): HardDeleteDeps {
  return {
    db: db(),
    redis: redis(),
    queues: { target: redisTargetOf(config), publishShards: config.PUBLISH_QUEUE_SHARDS },
    storage: mediaStorage(),
    box: secretBoxFromEnv(config),
    logger,
    publisherFor,
    endpointsFor: createEndpointResolver(config),
    now: () => new Date(),
  };
}

/**
 * Deletes for good what its grace period let go (brands, workspaces, accounts: decision 035) and
 * media past its workspace's retention, once a minute by one worker process (leader-locked).
 */
export function startDeletionSweep(options: { config: Env; logger: Logger }): { stop(): void } {
  const deps = hardDeleteDepsFromEnv(options.config, options.logger);
  return startPeriodicSweep({
    redis: redis(),
    lockKey: "storyrelay:deletion-sweep-lock",
    intervalMs: DELETION_SWEEP_INTERVAL_MS,
    run: async () => {
      const report = await runDeletionSweep(deps);
      if (report.brands + report.workspaces + report.accounts + report.failed > 0)
        options.logger.info(report, "deletion sweep");
      await purgeExpiredMedia(deps);
    },
    onError: (error) => options.logger.warn({ reason: messageOf(error) }, "deletion sweep failed"),
  });
}
