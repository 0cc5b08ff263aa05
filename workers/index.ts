import { type Job, Worker } from "bullmq";
import { purgeEndedSessions } from "@/lib/auth/purge-ended-sessions";
import { checkGatewaySessions } from "@/lib/channels/check-gateway-sessions";
import { refreshChannelTokens } from "@/lib/channels/refresh-channel-tokens";
import { registerSandboxAccounts } from "@/lib/channels/register-sandbox-accounts";
import { warnExpiringTokens } from "@/lib/channels/warn-expiring-tokens";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db, disconnectDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { messageOf } from "@/lib/errors";
import { checkReadiness } from "@/lib/health/check-readiness";
import { deleteExpiredIdempotencyKeys } from "@/lib/idempotency/idempotent-request";
import { wahaInboundHook } from "@/lib/inbox/inbound-hook";
import { createLogger } from "@/lib/logger";
import { createMailer } from "@/lib/mail/send-mail";
import { registerScrapeGauges } from "@/lib/observability/scrape-gauges";
import { createEndpointResolver } from "@/lib/publishing/endpoints";
import { sweep } from "@/lib/publishing/sweep";
import { publishShardName } from "@/lib/queue/publish-queues";
import { bullOptions, closeBullConnections, QUEUES } from "@/lib/queue/queues";
import { SWEEP_INTERVAL_MS } from "@/lib/queue/timing";
import { disconnectRedis, redis } from "@/lib/redis/client";
import { redisTargetOf } from "@/lib/redis/topology";
import { startTracing } from "@/lib/telemetry/start-tracing";
import { startChatWorker } from "./chat-worker";
import { startDeletionSweep } from "./deletion-worker";
import { startExportWorker } from "./export-worker";
import { startImportWorker } from "./import-worker";
import { startInboxWorker } from "./inbox-worker";
import { startInsightsWorker } from "./insights-worker";
import { mailProcessor } from "./mail-processor";
import { startMediaWorker } from "./media-worker";
import { startNoticeMailer } from "./notice-mail-worker";
import { startOpsServer } from "./ops-server";
import { pipelineDepsFromEnv } from "./pipeline-deps";
import { dispatchProcessor, publishProcessor } from "./publish-processors";
import { startRetentionSweep } from "./retention-sweep";
import { vanishedJobReporter } from "./vanished-jobs";
import { startWebhookWorker } from "./webhook-worker";

// Below the 10 s that `npm start` grants its children before SIGKILL, so we exit on our own terms.
const SHUTDOWN_TIMEOUT_MS = 8_000;

async function checkEvictionPolicy(logger: ReturnType<typeof createLogger>): Promise<void> {
  const [, policy] = (await redis().config("GET", "maxmemory-policy")) as [string, string];
  if (policy !== "noeviction") {
    logger.warn(
      { policy },
      "Redis maxmemory-policy is not noeviction: Redis may drop queued jobs under memory pressure. Set `maxmemory-policy noeviction`.",
    );
  }
}

const SANDBOX_RESYNC_MS = 60_000;
const TOKEN_REFRESH_INTERVAL_MS = 3_600_000;

/**
 * A killed worker's active jobs come back when another worker's stalled-job check finds their
 * lock expired (or, for publish jobs, when the sweep frees them once their target's lease ran
 * out). BullMQ's defaults (30 s lock, 30 s check) could leave a due story waiting a minute; these
 * match the publish lease (6 s, lease-heartbeat.ts), so a dead worker's job is back within about
 * 10 s. A running job renews its lock every half lock and the check is one small script, so
 * shorter values cost little. A live job whose lock lapsed (a stall) may run twice: the
 * database's fenced lease makes the second run a no-op.
 */
const pipelineLocks = { lockDuration: 6_000, stalledInterval: 2_000 } as const;

/** How long publishing waits at start-up for the simulators to learn the sandbox accounts. */
const FIRST_REGISTRATION_WAIT_MS = 30_000;

/**
 * Sandbox accounts live in the simulators' memory: register them when we start (retrying until
 * the simulators answer, as they may start after us) and again every minute, so a restarted
 * simulator relearns them without anyone restarting the workers. Resolves after the first
 * successful registration, or after FIRST_REGISTRATION_WAIT_MS without one: publishing to an
 * account the simulator does not know yet would look like a revoked token.
 */
function keepSandboxRegistered(logger: ReturnType<typeof createLogger>, signal: AbortSignal): Promise<void> {
  const config = env();
  const box = secretBoxFromEnv(config);
  return new Promise((resolve) => {
    setTimeout(resolve, FIRST_REGISTRATION_WAIT_MS).unref();
    const attempt = async (retryDelayMs: number): Promise<void> => {
      if (signal.aborted) return resolve();
      let next = SANDBOX_RESYNC_MS;
      try {
        await registerSandboxAccounts({
          db: db(),
          box,
          simulatorUrl: config.SIMULATOR_URL,
          logger,
          // Sandbox WhatsApp sessions post their messages to their channel's URL here.
          inbound: {
            endpoints: createEndpointResolver(config)({ sandbox: true }),
            hookFor: (channelId) =>
              wahaInboundHook(
                { publicBaseUrl: config.PUBLIC_BASE_URL, serverSecret: config.AUTH_SECRET },
                channelId,
              ),
          },
        });
        resolve();
      } catch (error) {
        logger.warn(
          { reason: messageOf(error), retryInMs: retryDelayMs },
          "could not register sandbox accounts yet",
        );
        next = retryDelayMs;
      }
      setTimeout(() => void attempt(Math.min(retryDelayMs * 2, 30_000)), next).unref();
    };
    void attempt(1_000);
  });
}

/**
 * Every worker process runs the sweep on a timer, but a short Redis lock lets one of them do it
 * per period. It is a plain timer rather than a BullMQ repeatable job on purpose: a repeatable
 * job lives in Redis, and the sweep must keep running after Redis lost its data.
 */
function runSweeps(deps: ReturnType<typeof pipelineDepsFromEnv>, signal: AbortSignal): void {
  const tick = async () => {
    if (signal.aborted) return;
    try {
      const won = await redis().set(
        "storyrelay:sweep-lock",
        String(process.pid),
        "PX",
        SWEEP_INTERVAL_MS - 500,
        "NX",
      );
      if (won) {
        const report = await sweep(deps);
        await deleteExpiredIdempotencyKeys(deps.db);
        if (report.dispatched + report.expired + report.rolledUp + report.reviewsOverdue > 0)
          deps.logger.info(report, "sweep");
      }
      // Hourly, by whichever worker takes the lock: the lock's lifetime is the period.
      if (
        await redis().set(
          "storyrelay:token-refresh-lock",
          String(process.pid),
          "PX",
          TOKEN_REFRESH_INTERVAL_MS,
          "NX",
        )
      ) {
        const renewal = await refreshChannelTokens(deps);
        if (renewal.refreshed + renewal.needsReauth + renewal.failed > 0)
          deps.logger.info(renewal, "token renewal");
        // After the renewal, so only tokens that could not be renewed are warned about. Hourly
        // is close enough for warnings 7 days and 1 day ahead; each is sent once (see its doc).
        const warned = await warnExpiringTokens(deps);
        if (warned > 0) deps.logger.info({ warned }, "token expiry warnings sent");
        // Sign-in sessions that can never be used again (revoked, idle past their limit): rows
        // naming a device and an address are personal data, kept no longer than they serve.
        const purged = await purgeEndedSessions(deps.db);
        if (purged > 0) deps.logger.info({ purged }, "ended sign-in sessions deleted");
      }
      // Every minute, by whichever worker takes the lock: sessions paired by QR code not seen for
      // five minutes are looked at, so a phone that unlinked is noticed before a story is due.
      if (await redis().set("storyrelay:gateway-session-lock", String(process.pid), "PX", 60_000, "NX")) {
        const sessions = await checkGatewaySessions(deps);
        if (sessions.needsRepair + sessions.failed > 0) deps.logger.info(sessions, "gateway sessions");
      }
    } catch (error) {
      deps.logger.warn({ reason: messageOf(error) }, "sweep failed; next one soon");
    }
    setTimeout(() => void tick(), SWEEP_INTERVAL_MS).unref();
  };
  void tick();
}

/** The ops server (metrics, health, queue dashboard) when WORKER_METRICS_PORT is set. */
async function startOps(config: ReturnType<typeof env>, logger: ReturnType<typeof createLogger>) {
  if (config.WORKER_METRICS_PORT === undefined) return undefined;
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

async function main(): Promise<void> {
  const config = env();
  const logger = createLogger("workers");
  // Only with OTEL_EXPORTER_OTLP_ENDPOINT: otherwise the SDK is not even loaded.
  const tracing = await startTracing(config, "storyrelay-workers");
  await checkEvictionPolicy(logger);

  const mailer = createMailer(
    { smtpUrl: config.SMTP_URL, from: config.MAIL_FROM },
    logger.child({ queue: "mail" }),
  );
  const pipeline = pipelineDepsFromEnv(config, logger.child({ queue: QUEUES.publish }));
  const target = redisTargetOf(config);
  const stopping = new AbortController();
  await keepSandboxRegistered(logger, stopping.signal);
  const workers = [
    new Worker(QUEUES.mail, mailProcessor(mailer), { ...bullOptions(target, QUEUES.mail), concurrency: 4 }),
    new Worker(QUEUES.dispatch, dispatchProcessor(pipeline), {
      ...bullOptions(target, QUEUES.dispatch),
      concurrency: 10,
      ...pipelineLocks,
    }),
    // One worker per publish shard, the process's publish slots divided among them: the shards
    // share the load evenly (a target's shard is a hash of its id), and the total number of
    // publishes in flight, and so of database connections they want, stays what it was.
    ...pipeline.queues.publishShards.map(
      (_, shard) =>
        new Worker(publishShardName(shard), publishProcessor(pipeline), {
          ...bullOptions(target, publishShardName(shard)),
          concurrency: Math.ceil(config.WORKER_PUBLISH_CONCURRENCY / pipeline.queues.publishShards.length),
          ...pipelineLocks,
        }),
    ),
  ];
  const vanished = vanishedJobReporter(logger);
  for (const worker of workers) {
    worker.on("failed", (job: Job | undefined, error: Error) => {
      if (vanished(worker.name, error, job?.id)) return;
      logger.warn(
        { queue: worker.name, jobId: job?.id, attempt: job?.attemptsMade, err: error.message },
        "job failed",
      );
    });
    worker.on("error", (error) => {
      if (vanished(worker.name, error)) return;
      logger.error({ queue: worker.name, err: error }, "worker error");
    });
  }
  runSweeps(pipeline, stopping.signal);
  const webhooks = startWebhookWorker({
    db: db(),
    config,
    logger: logger.child({ queue: "webhook-delivery" }),
  });
  const media = startMediaWorker({ config, logger: logger.child({ queue: QUEUES.media }) });
  const noticeMail = startNoticeMailer({ db: db(), config, logger: logger.child({ queue: "notice-mail" }) });
  const chat = startChatWorker({ db: db(), config, logger: logger.child({ queue: "chat" }) });
  const imports = startImportWorker({ config, logger: logger.child({ queue: QUEUES.planImport }) });
  const insights = startInsightsWorker({ config, logger: logger.child({ queue: QUEUES.insights }) });
  const inbox = startInboxWorker({ config, logger: logger.child({ queue: "inbox-delivery" }) });
  const exports = startExportWorker({ config, logger: logger.child({ queue: QUEUES.dataExport }) });
  const started = [...workers, media.worker, imports.worker, insights.worker, inbox.worker, exports.worker];
  const deletions = startDeletionSweep({ config, logger: logger.child({ sweep: "deletion" }) });
  const retention = startRetentionSweep({ config, logger: logger.child({ sweep: "retention" }) });
  await Promise.all(started.map((worker) => worker.waitUntilReady()));
  logger.info({ queues: started.map((w) => w.name) }, "workers ready");
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
    noticeMail.close();
    deletions.stop();
    retention.stop();
    await Promise.all([
      ...workers.map((worker) => worker.close()),
      webhooks.close(),
      media.close(),
      chat.close(),
      imports.close(),
      insights.close(),
      inbox.close(),
      exports.close(),
    ]);
    await pipeline.queues.close();
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

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
