import type { Worker } from "bullmq";
import { db, disconnectDb } from "@/lib/db/client";
import { type Env, env } from "@/lib/env";
import { checkReadiness } from "@/lib/health/check-readiness";
import { createLogger, type Logger } from "@/lib/logger";
import { registerScrapeGauges } from "@/lib/observability/scrape-gauges";
import { closeBullConnections } from "@/lib/queue/queues";
import { disconnectRedis, redis } from "@/lib/redis/client";
import { redisTargetOf } from "@/lib/redis/topology";
import { startTracing } from "@/lib/telemetry/start-tracing";
import { queuesOf, type WorkerKind } from "./kinds";

// Below the 10 s that `npm start` grants its children before SIGKILL, so we exit on our own terms.
const SHUTDOWN_TIMEOUT_MS = 8_000;

export type KindContext = {
  config: Env;
  logger: Logger;
  /** Aborted when the process starts stopping: timers and start-up waits end on it. */
  signal: AbortSignal;
};

export type RunningKind = {
  /** Every BullMQ worker the kind started: awaited before "workers ready", checked against queuesOf. */
  workers: Worker[];
  /** Lets running jobs finish and stops the kind's timers and queues. */
  close(): Promise<void>;
};

export type KindStarter = { kind: WorkerKind; start(context: KindContext): Promise<RunningKind> };

async function checkEvictionPolicy(logger: Logger): Promise<void> {
  const [, policy] = (await redis().config("GET", "maxmemory-policy")) as [string, string];
  if (policy !== "noeviction") {
    logger.warn(
      { policy },
      "Redis maxmemory-policy is not noeviction: Redis may drop queued jobs under memory pressure. Set `maxmemory-policy noeviction`.",
    );
  }
}

/**
 * A kind that consumed other queues than workers/kinds.ts says would leave a queue without a
 * consumer in some deployment, silently: refuse to start instead.
 */
function checkOwnership(kind: WorkerKind, running: RunningKind, publishShards: number): void {
  const started = running.workers.map((worker) => worker.name).sort();
  const declared = queuesOf(kind, publishShards).sort();
  if (started.join() !== declared.join()) {
    throw new Error(
      `The ${kind} workers started [${started.join(", ")}] but workers/kinds.ts gives them [${declared.join(", ")}]: update one of them.`,
    );
  }
}

/** The ops server (metrics, health, queue dashboard) when WORKER_METRICS_PORT is set. */
async function startOps(config: Env, logger: Logger) {
  if (config.WORKER_METRICS_PORT === undefined) return undefined;
  const { startOpsServer } = await import("./ops-server");
  const gauges = registerScrapeGauges({
    db: db(),
    redisUrl: redisTargetOf(config),
    publishShards: config.PUBLISH_QUEUE_SHARDS,
  });
  const server = await startOpsServer({
    port: config.WORKER_METRICS_PORT,
    host: config.WORKER_METRICS_HOST,
    metricsToken: config.METRICS_TOKEN,
    operatorToken: config.OPERATOR_TOKEN,
    ready: () => checkReadiness({ db: db(), redis: redis() }),
    queues: gauges.queues,
    logger,
  });
  return {
    async close() {
      await server.close();
      await gauges.close();
    },
  };
}

async function run(label: string, kinds: KindStarter[]): Promise<void> {
  const config = env();
  const logger = createLogger("workers").child({ kind: label });
  // Only with OTEL_EXPORTER_OTLP_ENDPOINT: otherwise the SDK is not even loaded.
  const tracing = await startTracing(config, "storyrelay-workers");
  await checkEvictionPolicy(logger);

  const stopping = new AbortController();
  const running: RunningKind[] = [];
  for (const { kind, start } of kinds) {
    const started = await start({ config, logger, signal: stopping.signal });
    running.push(started);
    checkOwnership(kind, started, config.PUBLISH_QUEUE_SHARDS);
  }
  const workers = running.flatMap((kind) => kind.workers);
  await Promise.all(workers.map((worker) => worker.waitUntilReady()));
  logger.info({ queues: workers.map((worker) => worker.name) }, "workers ready");
  const ops = await startOps(config, logger);

  const shutdown = async (signal: string) => {
    if (stopping.signal.aborted) return;
    stopping.abort();
    logger.info({ signal }, "stopping: finishing running jobs");
    const timer = setTimeout(() => {
      logger.error(
        "jobs did not finish in time; exiting (their locks expire and another worker retries them)",
      );
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    timer.unref();
    await Promise.all(running.map((kind) => kind.close()));
    await ops?.close();
    await tracing?.shutdown().catch(() => undefined);
    await Promise.all([disconnectDb(), disconnectRedis(), closeBullConnections()]);
    logger.info("stopped");
    // Every worker, sweep, queue and connection is closed: whatever handle is still open (a
    // platform call's socket a closed job left behind, a timer of a library) holds no work, and
    // must not keep the process alive until the timeout above turns a clean stop into exit 1.
    clearTimeout(timer);
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
}

/**
 * One worker process running the given kinds (workers/publish.ts, workers/media.ts, or both in
 * workers/index.ts): configuration, tracing, the kinds' workers, the ops server, and a graceful
 * stop on SIGTERM/SIGINT. `label` names the process in every log line.
 */
export function runWorkerProcess(label: string, kinds: KindStarter[]): void {
  run(label, kinds).catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
