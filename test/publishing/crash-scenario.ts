import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { loadavg } from "node:os";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type NodeChild, repoRoot, startNode } from "@/bench/support/processes";
import { registerSandboxAccounts } from "@/lib/channels/register-sandbox-accounts";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { PrismaClient } from "@/lib/db/generated/client";
import { env } from "@/lib/env";
import { createLogger } from "@/lib/logger";
import { DEFAULT_LEASE_MS } from "@/lib/publishing/timing";
import { createPublishQueues } from "@/lib/queue/publish-queues";
import { closeBullConnections } from "@/lib/queue/queues";
import { SWEEP_INTERVAL_MS } from "@/lib/queue/timing";
import type { RedisTarget } from "@/lib/redis/topology";
import { scheduleStory } from "@/lib/stories/schedule-story";
import { makeBrand, makeMediaAsset, makeSandboxChannels, makeWorkspace } from "@/prisma/factories";
import { type RunningSimulator, startSimulator } from "@/simulators/server";
import { jpeg, mp4 } from "@/test/media/media-fixtures";
import { eventually } from "@/test/publishing/pipeline-test-kit";
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
 * It runs against a database of its own (<test db>_crash_<random>, created and dropped here) rather than the shared
 * test database: the workers' sweep is global, so sharing it would let these workers pick up
 * the targets of integration tests running beside this file and publish them to this file's
 * simulator, failing those tests at random.
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
  const OPEN_STATES = ["PENDING", "PREPARING", "READY", "PUBLISHING"] as const;
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

  type Db = PrismaClient;

  const testDatabaseUrl = new URL(env().DATABASE_URL);
  // Unique per run: anyone's `npm test` in the same checkout runs this file too, and two runs must
  // not drop each other's database.
  const crashDatabase = `${testDatabaseUrl.pathname.slice(1)}_crash_${randomBytes(4).toString("hex")}`;
  const crashDatabaseUrl = Object.assign(new URL(testDatabaseUrl), {
    pathname: `/${crashDatabase}`,
  }).toString();
  // Through PgBouncer (`npm test -- --pgbouncer`) the workers and this file's client use it,
  // while creating, migrating and dropping the database go direct: those need a session.
  const directServer = process.env.STORYRELAY_TEST_DIRECT_DATABASE_URL;
  const adminUrl = Object.assign(new URL(directServer ?? testDatabaseUrl), {
    pathname: testDatabaseUrl.pathname,
  }).toString();
  const crashDatabaseDirectUrl = Object.assign(new URL(adminUrl), {
    pathname: `/${crashDatabase}`,
  }).toString();

  async function recreateCrashDatabase(): Promise<void> {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS "${crashDatabase}" WITH (FORCE)`);
      await admin.query(`CREATE DATABASE "${crashDatabase}"`);
    } finally {
      await admin.end();
    }
    const migrate = spawn("node_modules/.bin/prisma", ["migrate", "deploy"], {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: crashDatabaseDirectUrl },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    migrate.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise((resolve) => migrate.once("exit", resolve));
    if (code !== 0) throw new Error(`prisma migrate deploy on ${crashDatabase} failed: ${stderr}`);
  }

  let db: Db;
  let redis: CrashRedis;
  let simulator: RunningSimulator;
  let media: MediaServer;

  beforeAll(async () => {
    await recreateCrashDatabase();
    db = new PrismaClient({ adapter: new PrismaPg({ connectionString: crashDatabaseUrl, max: 4 }) });
    redis = await options.startRedis();
    simulator = await startSimulator({
      port: 0,
      instagram: { imageProcessingMs: 0, videoProcessingMs: 300 },
      facebook: { videoProcessingMs: 300 },
    });
    media = await startMediaServer();
  }, 60_000);

  afterAll(async () => {
    await Promise.all([simulator?.close(), media?.close(), redis?.stop()]);
    await db?.$disconnect();
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${crashDatabase}" WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }, 60_000);

  /**
   * Worker processes that can be killed and replaced; keeps what they log at warn and above, and
   * how long each took from its start to "workers ready" (bundling, then registering the sandbox
   * accounts).
   */
  function workerPool() {
    const workerEnv: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: crashDatabaseUrl,
      ...redis.workerEnv,
      SIMULATOR_URL: simulator.url,
      PUBLIC_BASE_URL: media.url(""),
      LOG_LEVEL: "info",
      // 210 targets over 36 s need far fewer slots than the default; fewer also keeps each worker's
      // database connections from being queued for past Prisma's 2 s transaction wait.
      WORKER_PUBLISH_CONCURRENCY: "30",
    };
    type Member = { node: NodeChild; ready: boolean };
    const live: Member[] = [];
    const logged: string[] = [];
    const startupMs: number[] = [];
    const start = () => {
      const startedAt = Date.now();
      const member: Member = {
        ready: false,
        node: startNode("scripts/workers.mjs", {
          env: workerEnv,
          onLine: (line) => {
            const entry = parseLogLine(line);
            if (!entry || entry.level >= 40) logged.push(line);
            if (!member.ready && entry?.msg === "workers ready") {
              member.ready = true;
              startupMs.push(Date.now() - startedAt);
            }
          },
        }),
      };
      live.push(member);
    };
    const readyCount = () => live.filter((m) => m.ready).length;
    const untilReady = (count: number) =>
      eventually(
        async () => readyCount(),
        (n) => n >= count,
        60_000,
      );
    for (let i = 0; i < WORKERS; i++) start();
    return {
      logged,
      startupMs,
      untilReady,
      /**
       * kill -9 a running worker at random and start its replacement at once; false (no kill) unless
       * another one runs: a takeover needs a survivor, and killing a worker still starting up (a
       * replacement takes seconds on a busy machine) would measure restarts, not takeovers.
       */
      killOneAndReplace(): boolean {
        const running = live.filter((m) => m.ready);
        const victim = running[Math.floor(Math.random() * running.length)];
        if (!victim || running.length < 2) return false;
        live.splice(live.indexOf(victim), 1);
        victim.node.child.kill("SIGKILL");
        start();
        return true;
      },
      async stopAll() {
        const all = live.splice(0);
        for (const member of all) member.node.child.kill("SIGKILL");
        await Promise.all(all.map((member) => member.node.exited));
      },
    };
  }

  function parseLogLine(line: string): { level: number; msg?: string; err?: string } | null {
    try {
      const entry = JSON.parse(line) as { level?: unknown; msg?: unknown; err?: unknown };
      const err =
        typeof entry.err === "string" ? entry.err : (entry.err as { message?: unknown } | undefined)?.message;
      return typeof entry.level === "number"
        ? {
            level: entry.level,
            msg: typeof entry.msg === "string" ? entry.msg : undefined,
            err: typeof err === "string" ? err.slice(0, 100) : undefined,
          }
        : null;
    } catch {
      return null;
    }
  }

  /** Nearest-rank percentile of a sorted list. */
  function percentile(sorted: number[], p: number): number {
    return (
      sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN
    );
  }

  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

  /**
   * Brands, sandbox channels and media first (the slow part); the stories themselves are scheduled
   * by `schedule()` once the workers are up, due from a few seconds later on, so every story is
   * still in the future when the chaos starts.
   */
  async function prepareStories() {
    const box = secretBoxFromEnv(env());
    const { workspace, ctx } = await makeWorkspace(db);
    const logger = createLogger("crash-test", "silent");
    const frames: { targetAccount: string; sha256: string }[] = [];
    const inputs: { brandId: string; channelIds: string[]; frames: string[] }[] = [];
    const serve = async (kind: "IMAGE" | "VIDEO", seed: number) => {
      const bytes = kind === "IMAGE" ? jpeg({ seed }) : mp4({ durationSeconds: 10, seed });
      const mimeType = kind === "IMAGE" ? "image/jpeg" : "video/mp4";
      const asset = await makeMediaAsset(db, workspace.id, {
        kind,
        bytes,
        mimeType,
        durationMs: kind === "VIDEO" ? 10_000 : undefined,
      });
      media.serve(`/media/${asset.storageKey}`, bytes, mimeType);
      return asset;
    };
    for (let i = 0; i < STORIES; i++) {
      // One brand per story: Instagram's findPublished matches a live story by time, which is
      // exact only while one account publishes one frame at a time (publisher contract, 8).
      const brand = await makeBrand(db, workspace.id, { timeZone: "UTC" });
      const channels = await makeSandboxChannels(db, box, brand);
      const assets = [await serve("IMAGE", i * 10 + 1)];
      if (i % 2 === 0) assets.push(await serve("IMAGE", i * 10 + 2));
      if (i % 10 === 0) assets.push(await serve("VIDEO", i * 10 + 3));
      inputs.push({
        brandId: brand.id,
        channelIds: channels.map((c) => c.id),
        frames: assets.map((a) => a.id),
      });
      for (const channel of channels)
        for (const asset of assets)
          frames.push({ targetAccount: channel.externalAccountId, sha256: asset.checksum });
    }
    // The workers register sandbox accounts when they start, but a worker killed early may not get
    // through them all before the first story is due, and a publish to an account the simulator
    // does not know flags the channel NEEDS_REAUTH. That race is not what this test is about.
    await registerSandboxAccounts({ db, box, simulatorUrl: simulator.url, logger });

    /**
     * Schedules every story, due from FIRST_DUE_AFTER_MS from now on over SPREAD_MS; returns the
     * first due time and the least time any story had left before its due time once scheduled.
     */
    async function schedule(): Promise<{ firstDueAt: number; leastAheadMs: number }> {
      const queues = createPublishQueues(redis.target);
      const firstDueAt = Date.now() + FIRST_DUE_AFTER_MS;
      let leastAheadMs = Number.POSITIVE_INFINITY;
      try {
        for (const [i, input] of inputs.entries()) {
          const dueAt = firstDueAt + Math.round((i * SPREAD_MS) / STORIES);
          await scheduleStory({ db, queues, logger }, ctx, {
            ...input,
            when: { at: new Date(dueAt).toISOString() },
          });
          leastAheadMs = Math.min(leastAheadMs, dueAt - Date.now());
        }
      } finally {
        // Closed before the chaos: a producer connection alive through the Redis restart only logs EPIPE.
        await queues.close();
        await closeBullConnections();
      }
      return { firstDueAt, leastAheadMs };
    }
    return { workspace, frames, schedule };
  }

  test(`${STORIES} stories × 3 channels publish exactly once through up to ${KILLS} kill -9s, ${options.chaosName}`, async () => {
    const started = Date.now();
    const { workspace, frames, schedule } = await prepareStories();
    const workers = workerPool();
    try {
      await workers.untilReady(WORKERS);
      const { firstDueAt, leastAheadMs } = await schedule();
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
      const deadline = Date.now() + 100_000;
      let open = Number.POSITIVE_INFINITY;
      while (open > 0 && Date.now() < deadline) {
        open = await db.storyTarget.count({
          where: { workspaceId: workspace.id, state: { in: [...OPEN_STATES] } },
        });
        if (open > 0) await new Promise((resolve) => setTimeout(resolve, 500));
      }

      const targets = await db.storyTarget.findMany({
        where: { workspaceId: workspace.id },
        select: {
          state: true,
          attemptCount: true,
          lastErrorMessage: true,
          channel: { select: { platform: true, externalAccountId: true } },
          story: { select: { scheduledAt: true } },
          // An attempt nobody closed: the worker running it was killed.
          attempts: { where: { outcome: "IN_PROGRESS" }, select: { id: true } },
        },
      });
      const unpublished = new Map<string, number>();
      for (const target of targets.filter((t) => t.state !== "PUBLISHED")) {
        const why = `${target.channel.platform} ${target.state}: ${target.lastErrorMessage ?? "-"}`;
        unpublished.set(why, (unpublished.get(why) ?? 0) + 1);
      }
      const states: Record<string, number> = {};
      for (const target of targets) states[target.state] = (states[target.state] ?? 0) + 1;
      const accounts = new Set(frames.map((f) => f.targetAccount));
      const ledger = (
        (await (await fetch(`${simulator.url}/_sim/ledger`)).json()) as {
          data: { accountId: string; mediaSha256: string; publishedAt: number }[];
        }
      ).data.filter((entry) => accounts.has(entry.accountId));
      const perFrame = new Map<string, number>();
      for (const entry of ledger) {
        const key = `${entry.accountId} ${entry.mediaSha256}`;
        perFrame.set(key, (perFrame.get(key) ?? 0) + 1);
      }
      // Lateness: a target's first publish (each account belongs to one target) minus its due time.
      const firstPublish = new Map<string, number>();
      for (const entry of ledger)
        firstPublish.set(
          entry.accountId,
          Math.min(firstPublish.get(entry.accountId) ?? Infinity, entry.publishedAt),
        );
      const lateness = (list: typeof targets) =>
        list
          .map(
            (t) =>
              (firstPublish.get(t.channel.externalAccountId) ?? Infinity) -
              (t.story.scheduledAt?.getTime() ?? 0),
          )
          .sort((a, b) => a - b);
      const inFlight = lateness(targets.filter((t) => t.attempts.length > 0));
      // A target can be on a killed worker more than once (the worker that took it over is killed
      // too): each crash costs its own lease and take-over, so the bound is per crash it lived through.
      const perCrash = targets
        .filter((t) => t.attempts.length > 0)
        .map(
          (t) =>
            ((firstPublish.get(t.channel.externalAccountId) ?? Infinity) -
              (t.story.scheduledAt?.getTime() ?? 0)) /
            t.attempts.length,
        )
        .sort((a, b) => a - b);
      const crashedTwice = targets.filter((t) => t.attempts.length > 1).length;
      const all = lateness(targets);
      const figures = (sorted: number[]) =>
        `p50 ${seconds(percentile(sorted, 50))}, p99 ${seconds(percentile(sorted, 99))}, max ${seconds(sorted.at(-1) ?? Number.NaN)}`;
      console.log(
        `crash test lateness after due time: ${inFlight.length} targets in flight on a killed worker: ` +
          `${figures(inFlight)} (per crash lived through: ${figures(perCrash)}; ${crashedTwice} on a killed worker twice or more); ` +
          `all ${all.length} targets: ${figures(all)}; ` +
          `load average ${loadavg()
            .map((l) => l.toFixed(2))
            .join(" ")}`,
      );

      const missing = frames.filter((f) => !perFrame.has(`${f.targetAccount} ${f.sha256}`)).length;
      const duplicates = [...perFrame.values()].reduce((sum, n) => sum + n - 1, 0);

      console.log(
        `crash test: ${targets.length} targets, ${frames.length} target frames, ${kills} kills, ` +
          `states ${JSON.stringify(states)}, UNCONFIRMED ${states.UNCONFIRMED ?? 0}, ` +
          `ledger ${ledger.length} (missing ${missing}, duplicates ${duplicates}), ` +
          `max attempts ${Math.max(...targets.map((t) => t.attemptCount))}, ` +
          `settled ${((Date.now() - chaosEndedAt) / 1000).toFixed(1)} s after the last kill, ` +
          `${((Date.now() - started) / 1000).toFixed(1)} s in all, ${workers.logged.length} worker warnings, ` +
          `worker start-up ${workers.startupMs.map((ms) => seconds(ms)).join(" ")}`,
      );
      const warnings = new Map<string, number>();
      for (const line of workers.logged) {
        const entry = parseLogLine(line);
        const what = entry?.msg ? `${entry.msg}${entry.err ? `: ${entry.err}` : ""}` : line.slice(0, 120);
        warnings.set(what, (warnings.get(what) ?? 0) + 1);
      }
      if (warnings.size > 0) console.log([...warnings].map(([what, n]) => `  ${n} × ${what}`).join("\n"));
      if (unpublished.size > 0) console.log([...unpublished].map(([why, n]) => `  ${n} × ${why}`).join("\n"));
      expect(targets.length).toBe(STORIES * 3);
      expect(states, workers.logged.slice(-3).join("\n")).toEqual({ PUBLISHED: targets.length });
      expect({ missing, duplicates, ledger: ledger.length }).toEqual({
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
