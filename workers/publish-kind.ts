import type { Processor, Queue, WorkerOptions } from "bullmq";
import { purgeEndedSessions } from "@/lib/auth/purge-ended-sessions";
import { checkGatewaySessions } from "@/lib/channels/check-gateway-sessions";
import { refreshChannelTokens } from "@/lib/channels/refresh-channel-tokens";
import { registerSandboxAccounts } from "@/lib/channels/register-sandbox-accounts";
import { warnExpiringTokens } from "@/lib/channels/warn-expiring-tokens";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import type { Env } from "@/lib/env";
import { messageOf } from "@/lib/errors";
import { deleteExpiredIdempotencyKeys } from "@/lib/idempotency/idempotent-request";
import { wahaInboundHook } from "@/lib/inbox/inbound-hook";
import type { Logger } from "@/lib/logger";
import { createMailer } from "@/lib/mail/send-mail";
import { createEndpointResolver } from "@/lib/publishing/endpoints";
import { sweep } from "@/lib/publishing/sweep";
import { mailQueue } from "@/lib/queue/mail-queue";
import { bullOptions, QUEUES } from "@/lib/queue/queues";
import { SWEEP_INTERVAL_MS } from "@/lib/queue/timing";
import { redis } from "@/lib/redis/client";
import { redisTargetOf } from "@/lib/redis/topology";
import { startChatWorker } from "./chat-worker";
import { startInboxWorker } from "./inbox-worker";
import { keepConsuming } from "./keep-consuming";
import { mailProcessor } from "./mail-processor";
import { startNoticeMailer } from "./notice-mail-worker";
import { pipelineDepsFromEnv } from "./pipeline-deps";
import { dispatchProcessor, publishProcessor } from "./publish-processors";
import type { KindContext, RunningKind } from "./run-workers";
import { startWebhookWorker } from "./webhook-worker";

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
 * account the simulator does not know yet would look like a revoked token. Each process registers
 * once at its start; the minutely resync is done by one of them (a Redis lock), since with
 * thousands of sandbox channels it is a statement and a request for each.
 */
function keepSandboxRegistered(config: Env, logger: Logger, signal: AbortSignal): Promise<void> {
  const box = secretBoxFromEnv(config);
  let registered = false;
  return new Promise((resolve) => {
    setTimeout(resolve, FIRST_REGISTRATION_WAIT_MS).unref();
    const attempt = async (retryDelayMs: number): Promise<void> => {
      if (signal.aborted) return resolve();
      let next = SANDBOX_RESYNC_MS;
      try {
        const resyncedElsewhere =
          registered &&
          !(await redis().set(
            "storyrelay:sandbox-resync-lock",
            String(process.pid),
            "PX",
            SANDBOX_RESYNC_MS - 1_000,
            "NX",
          ));
        if (!resyncedElsewhere)
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
        registered = true;
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
 * Every publish worker process runs the sweep on a timer, but a short Redis lock lets one of them
 * do it per period. It is a plain timer rather than a BullMQ repeatable job on purpose: a
 * repeatable job lives in Redis, and the sweep must keep running after Redis lost its data.
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

/**
 * The publish kind (workers/kinds.ts): dispatch and the publish shards with their sweeps, token
 * upkeep and sandbox registration, and what a story's outcome sets off and someone waits on within
 * seconds: mail, notice mail, webhooks, chat posts, received replies (the inbox).
 */
export async function startPublishKind({ config, logger, signal }: KindContext): Promise<RunningKind> {
  const mailer = createMailer(
    { smtpUrl: config.SMTP_URL, from: config.MAIL_FROM },
    logger.child({ queue: QUEUES.mail }),
  );
  const pipeline = pipelineDepsFromEnv(config, logger.child({ queue: QUEUES.publish }));
  const target = redisTargetOf(config);
  await keepSandboxRegistered(config, logger, signal);
  // Every consumer is replaced if it stops taking jobs (keep-consuming.ts): a due story must not
  // wait behind a connection that wedged in a Redis failover.
  const keep = <D>(
    queue: Queue<D>,
    processor: Processor<D>,
    options: Omit<WorkerOptions, "connection"> & { concurrency: number },
  ) =>
    keepConsuming({
      queue,
      processor,
      workerOptions: { ...bullOptions(target, queue.name), ...options },
      logger,
    });
  const mail = keep(mailQueue(), mailProcessor(mailer), { concurrency: 4 });
  const pipelineWorkers = [
    keep(pipeline.queues.dispatch, dispatchProcessor(pipeline), { concurrency: 10, ...pipelineLocks }),
    // One worker per publish shard, the process's publish slots divided among them: the shards
    // share the load evenly (a target's shard is a hash of its id), and the total number of
    // publishes in flight, and so of database connections they want, stays what it was.
    ...pipeline.queues.publishShards.map((queue) =>
      keep(queue, publishProcessor(pipeline), {
        concurrency: Math.ceil(config.WORKER_PUBLISH_CONCURRENCY / pipeline.queues.publishShards.length),
        ...pipelineLocks,
      }),
    ),
  ];
  runSweeps(pipeline, signal);
  const webhooks = startWebhookWorker({
    db: db(),
    config,
    logger: logger.child({ queue: "webhook-delivery" }),
  });
  const noticeMail = startNoticeMailer({ db: db(), config, logger: logger.child({ queue: "notice-mail" }) });
  const chat = startChatWorker({ db: db(), config, logger: logger.child({ queue: "chat" }) });
  const inbox = startInboxWorker({ config, logger: logger.child({ queue: "inbox-delivery" }) });
  return {
    workers: [mail.worker, ...pipelineWorkers.map((kept) => kept.worker), webhooks.worker, inbox.worker],
    async close() {
      noticeMail.close();
      await Promise.all([
        mail.close(),
        ...pipelineWorkers.map((kept) => kept.close()),
        webhooks.close(),
        chat.close(),
        inbox.close(),
      ]);
      await pipeline.queues.close();
    },
  };
}
