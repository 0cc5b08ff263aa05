import { Queue } from "bullmq";
import type { Db } from "@/lib/db/client";
import { INBOX_QUEUE } from "@/lib/queue/inbox-queue";
import { publishShardName } from "@/lib/queue/publish-queues";
import { bullOptions, QUEUES } from "@/lib/queue/queues";
import { WEBHOOK_QUEUE } from "@/lib/queue/webhook-queue";
import type { RedisTarget } from "@/lib/redis/topology";
import { scrapeGauge } from "@/lib/telemetry/metrics";

/** Every BullMQ queue the workers consume, each publish shard among them (decision 038). */
export function queueNames(publishShards: number): string[] {
  return [
    ...Object.values(QUEUES).filter((name) => name !== QUEUES.publish),
    ...Array.from({ length: publishShards }, (_, shard) => publishShardName(shard)),
    WEBHOOK_QUEUE,
    INBOX_QUEUE,
  ];
}

const STATES = ["waiting", "prioritized", "delayed", "active", "failed"] as const;

/** Scrapes come every 15–60 s; a dashboard refreshing several panels at once should not multiply the Redis calls. */
const DEFAULT_CACHE_MS = 5_000;

type QueueSnapshot = { queue: string; counts: Record<string, number>; oldestWaitingSeconds: number };

/**
 * Registers the gauges read at scrape time: jobs per queue and state, and the age of the oldest
 * job ready to run per queue (from BullMQ's counts: one small Redis script per queue), and the
 * seconds until the soonest channel token expiry per platform (one grouped query). Each source is
 * read at most once per `cacheMs`, however many scrapers ask. Queue depth and token expiry are
 * the same for every process: aggregate them with max(), not sum().
 */
export function registerScrapeGauges(deps: {
  db: Db;
  redisUrl: RedisTarget;
  publishShards: number;
  prefix?: string;
  cacheMs?: number;
}): {
  queues: Queue[];
  close(): Promise<void>;
} {
  const queues = queueNames(deps.publishShards).map(
    (name) => new Queue(name, bullOptions(deps.redisUrl, name, deps.prefix)),
  );
  const cacheMs = deps.cacheMs ?? DEFAULT_CACHE_MS;
  const readQueues = cached(cacheMs, () => Promise.all(queues.map(snapshotOf)));
  const readExpiry = cached(cacheMs, () => tokenExpiry(deps.db));

  scrapeGauge("storyrelay_queue_jobs", "Jobs per queue and state", ["queue", "state"], async (gauge) => {
    gauge.reset();
    for (const snapshot of await readQueues())
      for (const state of STATES) gauge.set({ queue: snapshot.queue, state }, snapshot.counts[state] ?? 0);
  });
  scrapeGauge(
    "storyrelay_queue_oldest_waiting_seconds",
    "Age of the oldest job ready to run, per queue (0 when none waits)",
    ["queue"],
    async (gauge) => {
      gauge.reset();
      for (const snapshot of await readQueues())
        gauge.set({ queue: snapshot.queue }, snapshot.oldestWaitingSeconds);
    },
  );
  scrapeGauge(
    "storyrelay_channel_token_expiry_seconds",
    "Seconds until the soonest token expiry among connected channels, per platform (negative: already expired)",
    ["platform"],
    async (gauge) => {
      gauge.reset();
      for (const row of await readExpiry()) gauge.set({ platform: row.platform }, row.seconds);
    },
  );
  return { queues, close: async () => void (await Promise.all(queues.map((queue) => queue.close()))) };
}

async function snapshotOf(queue: Queue): Promise<QueueSnapshot> {
  const counts = await queue.getJobCounts(...STATES);
  // The head of the plain waiting list (oldest first) and of the prioritized set (next to run):
  // a job is ready from its creation plus its delay, so a delayed job's wait counts from its due time.
  const heads = [
    ...(await queue.getJobs(["wait"], 0, 0, true)),
    ...(await queue.getJobs(["prioritized"], 0, 0, true)),
  ];
  const now = Date.now();
  const readySince = heads.filter(Boolean).map((job) => job.timestamp + (job.opts.delay ?? 0));
  const oldest = readySince.length > 0 ? Math.min(...readySince) : now;
  return { queue: queue.name, counts, oldestWaitingSeconds: Math.max(0, (now - oldest) / 1000) };
}

/**
 * Across all workspaces: this is the operator's view of the installation, labelled by platform
 * only. Connected channels with a known expiry; a channel already flagged for re-authorisation
 * has its own notice.
 */
async function tokenExpiry(db: Db): Promise<{ platform: string; seconds: number }[]> {
  const rows = await db.$queryRaw<{ platform: string; seconds: number }[]>`
    SELECT platform::text AS platform,
           EXTRACT(EPOCH FROM (min("tokenExpiresAt") - now()))::float8 AS seconds
    FROM "Channel"
    WHERE status = 'CONNECTED' AND "tokenExpiresAt" IS NOT NULL
    GROUP BY platform`;
  return rows.map((row) => ({ platform: row.platform, seconds: Number(row.seconds) }));
}

function cached<T>(ms: number, read: () => Promise<T>): () => Promise<T> {
  let last: { at: number; value: Promise<T> } | undefined;
  return () => {
    const now = Date.now();
    if (!last || now - last.at >= ms) {
      const value = read();
      // A failed read is not kept: the next scrape tries again.
      value.catch(() => {
        last = undefined;
      });
      last = { at: now, value };
    }
    return last.value;
  };
}
