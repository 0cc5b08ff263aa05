import { loadavg } from "node:os";
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, expect, test } from "vitest";
import { PrismaClient } from "@/lib/db/generated/client";
import { parseEnv } from "@/lib/env";
import { DEFAULT_LEASE_MS } from "@/lib/publishing/timing";
import { SWEEP_INTERVAL_MS } from "@/lib/queue/timing";
import type { RedisTarget } from "@/lib/redis/topology";
import type { RunningSimulator } from "@/simulators/server";
import {
  type BurstTarget,
  figures,
  loadBurstTargets,
  percentile,
  readBurstLedger,
  seconds,
  untilTargetsSettle,
} from "@/test/publishing/burst-verdict";
import { eventually } from "@/test/publishing/pipeline-test-kit";
import { scenarioDatabase } from "@/test/publishing/scenario-database";
import { prepareStoryBurst, startBurstSimulator } from "@/test/publishing/story-burst";
import { describeUnsettledTargets } from "@/test/publishing/unsettled-targets";
import { startWorkerProcess, summarizeLines, type WorkerProcess } from "@/test/publishing/worker-processes";
import { type MediaServer, startMediaServer } from "@/test/simulators/media-server";

/**
 * Exactly once under crashes: real worker processes publish a stream of stories while they are
 * kill -9'd at random moments, Redis is restarted (losing every job) once and flushed once.
 * Afterwards every target must be PUBLISHED and the simulators' ledger must hold exactly one
 * publish per target and frame.
 *
 * And in seconds: the targets a killed worker held (their attempt stays IN_PROGRESS forever, as
 * nobody is left to close it) must go out soon after their due time, taken over by another worker
 * once the dead one's lease runs out. Their lateness (first publish in the ledger minus the due
 * time) is printed with the machine's load; divided by the number of crashes each target lived
 * through (a worker that takes a target over can be killed too), its p99 must stay within
 * IN_FLIGHT_P99_LIMIT_MS.
 *
 * It runs against a database of its own (test/publishing/scenario-database.ts).
 */

export type CrashRedis = {
  /** What the worker processes get to reach this Redis (REDIS_URL, or REDIS_CLUSTER_NODES, …). */
  workerEnv: Record<string, string>;
  /** How the test process itself schedules the stories. */
  target: RedisTarget;
  /** What happens to Redis while the stories fall due, each at its share of the spread (0–1). */
  events: { atShareOfSpread: number; run: () => Promise<void> }[];
  stop(): Promise<void>;
};

/**
 * Defines the crash test's hooks and test in the calling file, against the Redis that
 * `startRedis` provides: a private server restarted and flushed (workers/crash.integration.test.ts),
 * a Redis Cluster losing a master (workers/redis-cluster.integration.test.ts).
 */
export function defineCrashTest(options: {
  startRedis: () => Promise<CrashRedis>;
  /** Names the Redis events in the test's title. */
  chaosName: string;
  stories?: number;
  kills?: number;
  /** Bound on the p99 lateness per crash of targets a killed worker held (default below). */
  inFlightP99LimitMs?: number;
}): void {
  const STORIES = options.stories ?? 70;
  const KILLS = options.kills ?? 20;
  const WORKERS = 3;
  /** The stories fall due over this span, so every kill lands while targets are held and due. */
  const SPREAD_MS = 36_000;
  /** Time to schedule the first stories before they are due (each one's dispatch is 1.5 s earlier). */
  const FIRST_DUE_AFTER_MS = 10_000;
  /**
   * Issue 10: a crashed worker's Stories go out within seconds, not after a 45 s lease. Per crash a
   * target waits out its lease, at most one sweep interval until the sweep frees it, and its
   * publish; on a quiet machine the p99 is about 10 s. The allowance on top is for a two-core CI
   * machine running three workers, the simulator and Postgres at once (a run there measured 16 s).
   */
  const IN_FLIGHT_P99_LIMIT_MS = options.inFlightP99LimitMs ?? DEFAULT_LEASE_MS + SWEEP_INTERVAL_MS + 9_000;

  const database = scenarioDatabase("crash");
  let db: PrismaClient;
  let redis: CrashRedis;
  let simulator: RunningSimulator;
  let media: MediaServer;

  beforeAll(async () => {
    await database.create();
    db = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url, max: 4 }) });
    redis = await options.startRedis();
    simulator = await startBurstSimulator();
    media = await startMediaServer();
  }, 60_000);

  afterAll(async () => {
    await Promise.all([simulator?.close(), media?.close(), redis?.stop()]);
    await db?.$disconnect();
    await database.drop();
  }, 60_000);

  /** Worker processes that can be killed and replaced; keeps what they log at warn and above. */
  function workerPool() {
    const workerEnv: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: database.url,
      ...redis.workerEnv,
      SIMULATOR_URL: simulator.url,
      PUBLIC_BASE_URL: media.url(""),
      LOG_LEVEL: "info",
      // 210 targets over 36 s need far fewer slots than the default; fewer also keeps each worker's
      // database connections from being queued for past Prisma's 2 s transaction wait.
      WORKER_PUBLISH_CONCURRENCY: "30",
    };
    const live: WorkerProcess[] = [];
    const started: WorkerProcess[] = [];
    const logged: string[] = [];
    const start = () => {
      const worker = startWorkerProcess({ env: workerEnv, logged });
      live.push(worker);
      started.push(worker);
    };
    for (let i = 0; i < WORKERS; i++) start();
    return {
      logged,
      startupMs: () => started.flatMap((w) => (w.startupMs === undefined ? [] : [w.startupMs])),
      untilReady: (count: number) =>
        eventually(
          async () => live.filter((w) => w.ready).length,
          (n) => n >= count,
          60_000,
        ),
      /**
       * kill -9 a running worker at random and start its replacement at once; false (no kill) unless
       * another one runs: a takeover needs a survivor, and killing a worker still starting up (a
       * replacement takes seconds on a busy machine) would measure restarts, not takeovers.
       */
      killOneAndReplace(): boolean {
        const running = live.filter((w) => w.ready);
        const victim = running[Math.floor(Math.random() * running.length)];
        if (!victim || running.length < 2) return false;
        live.splice(live.indexOf(victim), 1);
        victim.node.child.kill("SIGKILL");
        start();
        return true;
      },
      async stopAll() {
        const all = live.splice(0);
        for (const worker of all) worker.node.child.kill("SIGKILL");
        await Promise.all(all.map((worker) => worker.node.exited));
      },
    };
  }

  test(`${STORIES} stories × 3 channels publish exactly once through up to ${KILLS} kill -9s, ${options.chaosName}`, async () => {
    const started = Date.now();
    const { workspace, frames, schedule } = await prepareStoryBurst({
      db,
      media,
      simulatorUrl: simulator.url,
      stories: STORIES,
      spreadMs: SPREAD_MS,
      firstDueAfterMs: FIRST_DUE_AFTER_MS,
    });
    const workers = workerPool();
    try {
      await workers.untilReady(WORKERS);
      const { firstDueAt, leastAheadMs } = await schedule(redis.target);
      // Every story must be in the future when scheduled (before its dispatch, 1.5 s early), or it
      // would be late before any kill.
      expect(leastAheadMs, "scheduling took too long").toBeGreaterThan(2_000);
      // Chaos from just before the first dispatch (due 1.5 s early) while stories fall due: a kill
      // every 1–3 s until KILLS kills are done (or, on a slow machine where replacements take long
      // to start, until well after the last story was due); Redis restarts a third of the way
      // through the due times and is flushed two thirds of the way.
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, firstDueAt - 2_000 - Date.now())));
      const chaosUntil = firstDueAt + SPREAD_MS + 15_000;
      const redisEvents = redis.events.map((event) => ({
        at: firstDueAt + event.atShareOfSpread * SPREAD_MS,
        run: event.run,
      }));
      let kills = 0;
      while ((kills < KILLS || redisEvents.length > 0) && Date.now() < chaosUntil) {
        await new Promise((resolve) => setTimeout(resolve, 1_000 + Math.random() * 2_000));
        if (redisEvents[0] && Date.now() >= redisEvents[0].at) await redisEvents.shift()?.run();
        if (kills < KILLS && workers.killOneAndReplace()) kills++;
      }
      expect(redisEvents, `the Redis events (${options.chaosName}) happened`).toEqual([]);
      const chaosEndedAt = Date.now();

      // A killed worker's target comes back once its lease has run out and its job is found
      // stalled or re-added by the sweep: allow that several times over, plus backoff and the
      // slowest (video) publish.
      await untilTargetsSettle(db, workspace.id, 100_000);
      const { targets, states, unpublished } = await loadBurstTargets(db, workspace.id);
      const ledger = await readBurstLedger(simulator.url, frames);
      const lateness = (list: BurstTarget[]) => list.map(ledger.latenessOf).sort((a, b) => a - b);
      const inFlight = lateness(targets.filter((t) => t.attempts.length > 0));
      // A target can be on a killed worker more than once (the worker that took it over is killed
      // too): each crash costs its own lease and take-over, so the bound is per crash it lived through.
      const perCrash = targets
        .filter((t) => t.attempts.length > 0)
        .map((t) => ledger.latenessOf(t) / t.attempts.length)
        .sort((a, b) => a - b);
      const crashedTwice = targets.filter((t) => t.attempts.length > 1).length;
      const all = lateness(targets);
      console.log(
        `crash test lateness after due time: ${inFlight.length} targets in flight on a killed worker: ` +
          `${figures(inFlight)} (per crash lived through: ${figures(perCrash)}; ${crashedTwice} on a killed worker twice or more); ` +
          `all ${all.length} targets: ${figures(all)}; ` +
          `load average ${loadavg()
            .map((l) => l.toFixed(2))
            .join(" ")}`,
      );
      const { missing, duplicates } = ledger;
      console.log(
        `crash test: ${targets.length} targets, ${frames.length} target frames, ${kills} kills, ` +
          `states ${JSON.stringify(states)}, UNCONFIRMED ${states.UNCONFIRMED ?? 0}, ` +
          `ledger ${ledger.entries.length} (missing ${missing}, duplicates ${duplicates}), ` +
          `max attempts ${Math.max(...targets.map((t) => t.attemptCount))}, ` +
          `settled ${((Date.now() - chaosEndedAt) / 1000).toFixed(1)} s after the last kill, ` +
          `${((Date.now() - started) / 1000).toFixed(1)} s in all, ${workers.logged.length} worker warnings, ` +
          `worker start-up ${workers
            .startupMs()
            .map((ms) => seconds(ms))
            .join(" ")}`,
      );
      if (workers.logged.length > 0) console.log(summarizeLines(workers.logged));
      if (unpublished.size > 0) {
        console.log([...unpublished].map(([why, n]) => `  ${n} × ${why}`).join("\n"));
        // The shard count the workers computed from their own environment.
        const { PUBLISH_QUEUE_SHARDS } = parseEnv({ ...process.env, ...redis.workerEnv });
        console.log(
          (await describeUnsettledTargets(db, redis.target, workspace.id, PUBLISH_QUEUE_SHARDS)).join("\n"),
        );
      }
      expect(targets.length).toBe(STORIES * 3);
      expect(states, workers.logged.slice(-3).join("\n")).toEqual({ PUBLISHED: targets.length });
      expect({ missing, duplicates, ledger: ledger.entries.length }).toEqual({
        missing: 0,
        duplicates: 0,
        ledger: frames.length,
      });
      // Kills every 1–3 s (while another worker runs) as stories fall due: plenty hit held targets.
      expect(inFlight.length).toBeGreaterThanOrEqual(5);
      expect(percentile(perCrash, 99)).toBeLessThanOrEqual(IN_FLIGHT_P99_LIMIT_MS);
    } finally {
      await workers.stopAll();
    }
  }, 300_000);
}
