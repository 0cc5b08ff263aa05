import { DelayedError, type Job } from "bullmq";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import type { Env } from "@/lib/env";
import { messageOf } from "@/lib/errors";
import { collectInsight } from "@/lib/insights/collect-insight";
import type { InsightDeps } from "@/lib/insights/deps";
import { sweepInsightReadings } from "@/lib/insights/sweep-insight-readings";
import { createUsageBook } from "@/lib/insights/usage-book";
import type { Logger } from "@/lib/logger";
import { publisherFor } from "@/lib/publishers/registry";
import { createEndpointResolver } from "@/lib/publishing/endpoints";
import {
  createInsightsQueue,
  enqueueInsightReading,
  type InsightJob,
  insightJobSchema,
} from "@/lib/queue/insights-queue";
import { bullOptions, QUEUES } from "@/lib/queue/queues";
import { COMMAND_CLIENT_OPTIONS } from "@/lib/redis/client";
import { createRedisClient, redisTargetOf } from "@/lib/redis/topology";
import { keepConsuming } from "./keep-consuming";
import { startPeriodicSweep } from "./periodic-sweep";

/** A minute: the readings are hours apart, so a minute late is on time. */
const INSIGHTS_SWEEP_INTERVAL_MS = 60_000;
/** Readings are one small GET each, mostly waiting on the network. */
const INSIGHTS_CONCURRENCY = 8;

type InsightsWorkerOptions = {
  config: Env;
  logger: Logger;
  /** Tests and the benchmark isolate their queues, sweep lock and usage book with a prefix. */
  prefix?: string;
  /** The periodic sweep; on by default. */
  sweep?: boolean;
  sweepIntervalMs?: number;
  /** Confines the sweep to one workspace (tests, the benchmark); every workspace by default. */
  sweepWorkspaceId?: string;
  concurrency?: number;
  /** The worker's clock: the real one, or one that moves with the simulators' (tests, benchmark). */
  now?: () => Date;
};

/**
 * Collects published stories' numbers in this process (lib/insights/collect-insight.ts), and
 * runs the insights sweep on a timer under a short Redis lock, so one worker per period asks
 * Postgres which readings are due and adds the missing ones (a plain timer, not a repeatable
 * job: the sweep must keep running after Redis lost its data).
 */
export function startInsightsWorker({
  config,
  logger,
  prefix,
  sweep: sweeping = true,
  sweepIntervalMs = INSIGHTS_SWEEP_INTERVAL_MS,
  sweepWorkspaceId,
  concurrency = INSIGHTS_CONCURRENCY,
  now = () => new Date(),
}: InsightsWorkerOptions) {
  // Its own connection, so the usage book and the lock live in the Redis this worker's queue does.
  const client = createRedisClient(redisTargetOf(config), COMMAND_CLIENT_OPTIONS);
  client.on("error", () => {});
  const queue = createInsightsQueue(redisTargetOf(config), prefix);
  const scope = prefix ? `:${prefix}` : "";
  const deps: InsightDeps = {
    db: db(),
    box: secretBoxFromEnv(config),
    logger,
    publisherFor,
    endpointsFor: createEndpointResolver(config),
    usage: createUsageBook(client, `storyrelay:graph-usage${scope}`),
    enqueue: (job, delayMs) => enqueueInsightReading(job, delayMs, queue),
    now,
  };

  const kept = keepConsuming({
    queue,
    processor: async (job: Job<InsightJob>, token?: string) => {
      const outcome = await collectInsight(deps, insightJobSchema.parse(job.data));
      if (outcome.kind === "wait") {
        await job.moveToDelayed(Date.now() + outcome.delayMs, token);
        throw new DelayedError();
      }
      return outcome;
    },
    workerOptions: { ...bullOptions(redisTargetOf(config), QUEUES.insights, prefix), concurrency },
    logger,
    failed: "insight job failed; the sweep brings it back",
  });

  const sweepOnce = () =>
    sweepInsightReadings({
      db: deps.db,
      queue,
      enqueue: deps.enqueue,
      now: now(),
      workspaceId: sweepWorkspaceId,
    });

  const sweeper = sweeping
    ? startPeriodicSweep({
        redis: client,
        lockKey: `storyrelay:insights-sweep-lock${scope}`,
        intervalMs: sweepIntervalMs,
        run: async () => {
          const report = await sweepOnce();
          if (report.queued > 0) logger.info(report, "insights sweep");
        },
        onError: (error) => logger.warn({ reason: messageOf(error) }, "insights sweep failed; next one soon"),
      })
    : undefined;

  return {
    queue,
    get worker() {
      return kept.worker;
    },
    deps,
    /** One sweep now, without the lock (the benchmark drives its own day). */
    sweepNow: sweepOnce,
    async close(): Promise<void> {
      sweeper?.stop();
      await kept.close();
      await queue.close();
      client.disconnect();
    },
  };
}
