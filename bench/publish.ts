/**
 * Publishing under load: how late, how fast, how costly, and whether exactly once.
 *
 *   npm run bench:publish [-- --quick]
 *   npm run bench:publish -- --soak[=minutes]    (30 by default: the steady rate that long)
 *
 * Runs the real workers (2 × the publish kind, default WORKER_PUBLISH_CONCURRENCY and
 * CHANNEL_CALLS_PER_MINUTE) against a database of its own (storyrelay_bench, recreated each run),
 * logical Redis database 3 (flushed each run), the simulators in a child process and a media
 * origin in this process. Phases, one after another:
 *
 * - baseline: bare BullMQ no-op jobs (2 processes × the same concurrency), all delayed to one
 *   instant, then 10 jobs/s over the steady window; lateness = processing start − due time;
 * - burst at 0 ms and at 50 ms simulator latency: N stories × 3 channels due in the same instant;
 * - steady: 10 stories/s (30 targets/s) over the window.
 *
 * Lateness of a target = its publish call (the simulator ledger's receivedAt: when the story went
 * live) − its scheduled time; the first request naming its account is shown beside it (the
 * pipeline prepares a container before the instant, so that one is usually early). Each story of
 * a burst has its own brand's three accounts, so per-account limits (Instagram's 100/24 h quota,
 * the per-channel call budget) never bind; the soak cycles through the brands. Duplicates = ledger
 * entries beyond one per (account, media) and story on it; every phase uses its own image.
 * Losses = targets not PUBLISHED or without their ledger entry.
 *
 * Cost: CPU seconds of the workers, the simulator and the bench database's Postgres backends per
 * published target, and committed Postgres transactions per target (pg_stat_database).
 *
 * Prints a table and, as the very last line, one JSON object; saves bench/results/publish-<time>.json
 * and bench/results/publish-latest.json.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import pg from "pg";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db, disconnectDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { createPublishQueues } from "@/lib/queue/publish-queues";
import { bullOptions } from "@/lib/queue/queues";
import { makeMediaAsset, makeWorkspace } from "@/prisma/factories";
import { jpeg } from "@/test/media/media-fixtures";
import { startMediaServer } from "@/test/simulators/media-server";
import { workerNodeOptions } from "../scripts/worker-kinds.mjs";
import { cpuProbeMs } from "./support/cpu-probe";
import {
  cpuSeconds,
  machineTicks,
  type NodeChild,
  peakRssMb,
  postgresBackends,
  repoRoot,
  rssMb,
  startNode,
  stopChild,
  waitForLine,
} from "./support/processes";
import {
  type BenchBrand,
  makeBrandsWithChannels,
  registerAccounts,
  type ScheduledTarget,
  scheduleStories,
} from "./support/publish-fixtures";
import { saveResult } from "./support/save-result";
import { type Distribution, distribution, ratio, round1, round2 } from "./support/stats";

const quick = process.argv.includes("--quick");
const soakArg = process.argv.find((arg) => arg === "--soak" || arg.startsWith("--soak="));
/** Minutes of the soak (--soak[=minutes]); undefined: the usual phases. */
const SOAK_MINUTES = soakArg ? Number(soakArg.split("=")[1] ?? 30) : undefined;
/** Brands the soak cycles through: each account then gets a story every 100 s, far within its limits. */
const SOAK_BRANDS = 1_000;
const SCALE = quick
  ? { burstStories: 150, steadySeconds: 10, leadMs: 7_000 }
  : { burstStories: 1_000, steadySeconds: 60, leadMs: 12_000 };
const STEADY_PER_SECOND = 10;
const WORKER_PROCESSES = 2;
/** lib/env.ts's default WORKER_PUBLISH_CONCURRENCY; the baseline uses the same. */
const CONCURRENCY = 100;
const LATENCY_MS = 50;
/** A phase that has not finished this long after its last due time counts what is missing as lost. */
const PHASE_DEADLINE_MS = 120_000;
const REDIS_DB = 3;
const DATABASE = "storyrelay_bench";

const TARGETS = {
  burstAllPublishedS: 10,
  duplicates: 0,
  losses: 0,
  workerRssMb: 200,
  /** Workers + Postgres + simulator CPU per target in the burst. */
  cpuMsPerTarget: 5.5,
  /** Three per single-frame target (claim, intent, end) and two per story (dispatch, roll-up) over its three. */
  dbTransactionsPerTarget: 3 + 2 / 3,
  /** Soak: growth (not fall) of worker RSS and of each minute's p99 lateness that still counts as flat. */
  soakRssMbPerMinute: 1,
  soakP99MsPerMinute: 5,
};
const OPEN_STATES = ["PENDING", "PREPARING", "READY", "PUBLISHING"] as const;

function services() {
  const pgServer = new URL(process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres");
  const database = new URL(pgServer);
  database.pathname = `/${DATABASE}`;
  const admin = new URL(pgServer);
  admin.pathname = "/postgres";
  const redis = new URL(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
  redis.pathname = `/${REDIS_DB}`;
  return { databaseUrl: database.toString(), adminUrl: admin.toString(), redisUrl: redis.toString() };
}

async function recreateDatabase(adminUrl: string, databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
  const migrated = await run("node_modules/.bin/prisma", ["migrate", "deploy"], {
    ...process.env,
    DATABASE_URL: databaseUrl,
  });
  if (migrated !== 0) throw new Error("prisma migrate deploy failed on the bench database");
}

/** Runs an executable and resolves with its exit code; its stdout is dropped, its stderr shown. */
function run(file: string, args: string[], childEnv: NodeJS.ProcessEnv): Promise<number | null> {
  const child = spawn(file, args, { cwd: repoRoot, env: childEnv, stdio: ["ignore", "ignore", "inherit"] });
  return new Promise((resolve) => child.once("exit", resolve));
}

async function simJson<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, init);
  if (!response.ok)
    throw new Error(`${init?.method ?? "GET"} ${url} → ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Resolves once `done()` holds, polling; false if `deadline` (epoch ms) passes first. */
async function until(done: () => Promise<boolean>, deadline: number, everyMs = 250): Promise<boolean> {
  for (;;) {
    if (await done()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

// ---------------------------------------------------------------------------------------------
// Baseline: bare BullMQ

type BaselineResult = { jobs: number; lateness: Distribution; jobsPerS: number; lastStartS: number };

async function runBaseline(redisUrl: string, steadySeconds: number, burstJobs: number) {
  const queueName = "bench-baseline";
  const workers: NodeChild[] = [];
  const starts: [number, number][] = [];
  for (let i = 0; i < WORKER_PROCESSES; i++) {
    const worker = startNode("bench/support/baseline-worker.ts", {
      env: process.env,
      args: [redisUrl, queueName, String(CONCURRENCY)],
      ipc: true,
    });
    worker.child.on("message", (message) => {
      if (typeof message === "object" && message && "starts" in message)
        starts.push(...(message as { starts: [number, number][] }).starts);
    });
    await new Promise<void>((resolve, reject) => {
      worker.child.once("message", (message) =>
        message === "ready" ? resolve() : reject(new Error(String(message))),
      );
      void worker.exited.then((code) => reject(new Error(`baseline worker exited with ${code}`)));
    });
    workers.push(worker);
  }
  const queue = new Queue(queueName, bullOptions(redisUrl, queueName));
  const collect = async (expected: number, deadline: number) => {
    await until(
      async () => {
        for (const worker of workers) worker.child.send("report");
        await new Promise((resolve) => setTimeout(resolve, 100));
        return starts.length >= expected;
      },
      deadline,
      400,
    );
    const taken = starts.splice(0);
    return taken;
  };
  const summarise = (pairs: [number, number][], firstDue: number): BaselineResult => {
    const lastStart = Math.max(...pairs.map(([, started]) => started));
    const lastStartS = (lastStart - firstDue) / 1000;
    return {
      jobs: pairs.length,
      lateness: distribution(pairs.map(([due, started]) => started - due)),
      jobsPerS: round1(pairs.length / Math.max(lastStartS, 0.001)),
      lastStartS: round2(lastStartS),
    };
  };
  const add = async (dueTimes: number[]) => {
    for (let i = 0; i < dueTimes.length; i += 500) {
      await queue.addBulk(
        dueTimes.slice(i, i + 500).map((dueAt) => ({
          name: "noop",
          data: { dueAt },
          opts: { delay: Math.max(0, dueAt - Date.now()), removeOnComplete: true, removeOnFail: true },
        })),
      );
    }
  };
  try {
    const burstAt = Date.now() + 3_000;
    await add(Array.from({ length: burstJobs }, () => burstAt));
    const burst = summarise(await collect(burstJobs, burstAt + PHASE_DEADLINE_MS), burstAt);

    const steadyFrom = Date.now() + 3_000;
    const steadyJobs = STEADY_PER_SECOND * steadySeconds;
    await add(Array.from({ length: steadyJobs }, (_, i) => steadyFrom + (i * 1000) / STEADY_PER_SECOND));
    const steady = summarise(
      await collect(steadyJobs, steadyFrom + steadySeconds * 1000 + PHASE_DEADLINE_MS),
      steadyFrom,
    );
    return { burst, steady };
  } finally {
    for (const worker of workers) worker.child.send("stop");
    await Promise.all(workers.map((worker) => stopChild(worker)));
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
  }
}

// ---------------------------------------------------------------------------------------------
// StoryRelay

/** Where the CPU went during a phase: this machine has 2 cores, shared by everything below. */
type CpuUsage = {
  workersS: number;
  simulatorS: number;
  postgresS: number;
  /** Busy share of all cores, whoever used them (other people's processes included). */
  machineBusyPercent: number;
};

function cpuMeter(workerPids: number[], simulatorPid: number): () => CpuUsage {
  const sum = (pids: number[]) => pids.reduce((total, pid) => total + cpuSeconds(pid), 0);
  const backends = postgresBackends(DATABASE);
  const before = {
    workers: sum(workerPids),
    simulator: cpuSeconds(simulatorPid),
    postgres: new Map(backends.map((pid) => [pid, cpuSeconds(pid)])),
    machine: machineTicks(),
  };
  // Each backend's CPU as last seen. The pools close connections idle past
  // DATABASE_POOL_IDLE_SECONDS, so over a long phase (the soak) backends can come and go: one
  // closed during the phase counts up to its last reading (at most a second short) instead of not
  // at all. One opened during it counts from zero.
  const lastSeen = new Map<number, number>();
  const look = () => {
    for (const pid of postgresBackends(DATABASE)) {
      // 0 when it exited between the listing and the read: keep the last real reading.
      const seconds = cpuSeconds(pid);
      if (seconds > (lastSeen.get(pid) ?? 0)) lastSeen.set(pid, seconds);
    }
  };
  const sampler = setInterval(look, 1_000);
  sampler.unref();
  return () => {
    clearInterval(sampler);
    look();
    const machine = machineTicks();
    let postgres = 0;
    for (const [pid, seconds] of lastSeen) postgres += seconds - (before.postgres.get(pid) ?? 0);
    return {
      workersS: round2(sum(workerPids) - before.workers),
      simulatorS: round2(cpuSeconds(simulatorPid) - before.simulator),
      postgresS: round2(postgres),
      machineBusyPercent: Math.round(
        ((machine.busy - before.machine.busy) * 100) / Math.max(1, machine.total - before.machine.total),
      ),
    };
  };
}

type LedgerEntry = { accountId: string; mediaSha256: string; receivedAt: number };

type PhaseResult = {
  phase: string;
  stories: number;
  targets: number;
  published: number;
  /** The ledger's receivedAt (the publish call: the story is live) − scheduled time. */
  lateness: Distribution;
  /** First simulator request naming the target's account − scheduled time (early: preparation). */
  firstRequestLateness: Distribution;
  /** Last target's publishedAt (database) − the first scheduled time. */
  allPublishedS: number;
  targetsPerS: number;
  duplicates: number;
  losses: number;
  states: Record<string, number>;
  /** Time between the dispatch jobs being queued and the first one being due (negative: late). */
  setupSlackMs: number;
  cpu: CpuUsage;
  /** Worker CPU per published target: what one target costs the workers. */
  workerCpuMsPerTarget: number;
  /** Workers + Postgres + simulator CPU per published target. */
  cpuMsPerTarget: number;
  /** Each minute of scheduled times (from the first): its p99 lateness (soak). */
  p99ByMinute: number[];
  /**
   * Committed Postgres transactions per published target (each statement outside a transaction
   * is one), from pg_stat_database, minus the benchmark's own polls. Includes the sweeps.
   */
  dbTransactionsPerTarget: number;
  /** Postgres connections opened during the phase (by the workers, the sweeps and the bench's polls). */
  dbSessions: number;
};

/**
 * Committed transactions and sessions (connections opened) of the bench database so far
 * (pg_stat_database; flushed within a second). A new session costs Postgres a process and cold
 * catalog caches, so the phases print how many they opened.
 */
async function databaseCounters(): Promise<{ transactions: number; sessions: number }> {
  const [row] = await db().$queryRaw<{ transactions: bigint; sessions: bigint }[]>`
    SELECT xact_commit AS transactions, sessions FROM pg_stat_database WHERE datname = current_database()`;
  return { transactions: Number(row?.transactions ?? 0), sessions: Number(row?.sessions ?? 0) };
}

async function runPhase(input: {
  phase: string;
  simulatorUrl: string;
  queues: ReturnType<typeof createPublishQueues>;
  workspaceId: string;
  authorId: string;
  serveImage: (seed: number) => Promise<{ id: string; checksum: string }>;
  stories: { brand: BenchBrand; offsetMs: number }[];
  leadMs: number;
  measureCpu: () => () => CpuUsage;
  /** Look for the end only after the last story's time, this often (the soak: its polls are no load). */
  pollAfterLastDueMs?: number;
}): Promise<PhaseResult> {
  const { phase, simulatorUrl } = input;
  await simJson(`${simulatorUrl}/_bench/first-requests`, { method: "DELETE" });
  const asset = await input.serveImage(Math.floor(Math.random() * 1e9));
  const startAt = Date.now() + input.leadMs;
  const targets: ScheduledTarget[] = await scheduleStories(db(), input.queues, {
    workspaceId: input.workspaceId,
    authorId: input.authorId,
    mediaAssetId: asset.id,
    title: phase,
    stories: input.stories.map(({ brand, offsetMs }) => ({
      brand,
      scheduledAt: new Date(startAt + offsetMs),
    })),
  });
  const setupSlackMs = startAt - 3_000 - Date.now();
  if (setupSlackMs < 0)
    console.warn(`  ${phase}: dispatch jobs were queued ${-setupSlackMs} ms after they were due`);

  const lastDue = Math.max(...targets.map((t) => t.scheduledAt));
  const cpuSince = input.measureCpu();
  // By story id (an index lookup per story): a filter on Story's columns made Postgres walk every
  // target of the workspace for every story, and those polls showed up as the workers' database load.
  const phaseWhere = {
    workspaceId: input.workspaceId,
    storyId: { in: [...new Set(targets.map((t) => t.storyId))] },
  };
  const countersBefore = await databaseCounters();
  let polls = 0;
  if (input.pollAfterLastDueMs)
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, lastDue - Date.now())));
  await until(
    async () => {
      polls++;
      return (
        (await db().storyTarget.count({ where: { ...phaseWhere, state: { in: [...OPEN_STATES] } } })) === 0
      );
    },
    lastDue + PHASE_DEADLINE_MS,
    input.pollAfterLastDueMs ?? 500,
  );
  const cpu = cpuSince();
  const countersAfter = await databaseCounters();
  const xacts = countersAfter.transactions - countersBefore.transactions - polls - 1;
  const dbSessions = countersAfter.sessions - countersBefore.sessions;

  const rows = await db().storyTarget.findMany({
    where: phaseWhere,
    select: { id: true, state: true, publishedAt: true },
  });
  const firstRequests = await simJson<Record<string, number>>(`${simulatorUrl}/_bench/first-requests`);
  const ledger = (await simJson<{ data: LedgerEntry[] }>(`${simulatorUrl}/_sim/ledger`)).data.filter(
    (entry) => entry.mediaSha256 === asset.checksum,
  );

  const byId = new Map(rows.map((row) => [row.id, row]));
  const ledgerByAccount = new Map<string, LedgerEntry[]>();
  for (const entry of ledger)
    ledgerByAccount.set(entry.accountId, [...(ledgerByAccount.get(entry.accountId) ?? []), entry]);
  const states: Record<string, number> = {};
  for (const row of rows) states[row.state] = (states[row.state] ?? 0) + 1;

  // An account's stories in scheduled order meet its ledger entries in the order they went live.
  const targetsByAccount = new Map<string, ScheduledTarget[]>();
  for (const target of targets)
    targetsByAccount.set(target.externalAccountId, [
      ...(targetsByAccount.get(target.externalAccountId) ?? []),
      target,
    ]);
  const lateness: number[] = [];
  const firstRequestLateness: number[] = [];
  const latenessByMinute: number[][] = [];
  let losses = 0;
  let duplicates = 0;
  let lastPublished = 0;
  for (const [account, ofAccount] of targetsByAccount) {
    ofAccount.sort((a, b) => a.scheduledAt - b.scheduledAt);
    const entries = (ledgerByAccount.get(account) ?? []).sort((a, b) => a.receivedAt - b.receivedAt);
    duplicates += Math.max(0, entries.length - ofAccount.length);
    ofAccount.forEach((target, i) => {
      const row = byId.get(target.id);
      const entry = entries[i];
      if (row?.state !== "PUBLISHED" || !entry) losses++;
      if (row?.publishedAt) lastPublished = Math.max(lastPublished, row.publishedAt.getTime());
      if (entry) {
        lateness.push(entry.receivedAt - target.scheduledAt);
        const minute = Math.floor((target.scheduledAt - startAt) / 60_000);
        const bucket = latenessByMinute[minute] ?? [];
        bucket.push(entry.receivedAt - target.scheduledAt);
        latenessByMinute[minute] = bucket;
      }
    });
    const first = firstRequests[account];
    if (first !== undefined && ofAccount[0]) firstRequestLateness.push(first - ofAccount[0].scheduledAt);
  }
  const allPublishedS = (lastPublished - startAt) / 1000;
  const published = states.PUBLISHED ?? 0;
  const cpuMs = (cpu.workersS + cpu.postgresS + cpu.simulatorS) * 1000;
  return {
    phase,
    stories: input.stories.length,
    targets: targets.length,
    published,
    lateness: distribution(lateness),
    firstRequestLateness: distribution(firstRequestLateness),
    allPublishedS: round2(allPublishedS),
    targetsPerS: round1(published / Math.max(allPublishedS, 0.001)),
    duplicates,
    losses,
    states,
    setupSlackMs,
    cpu,
    workerCpuMsPerTarget: round1((cpu.workersS * 1000) / Math.max(published, 1)),
    cpuMsPerTarget: round1(cpuMs / Math.max(published, 1)),
    p99ByMinute: Array.from(latenessByMinute, (values) => distribution(values ?? []).p99),
    dbTransactionsPerTarget: round2(xacts / Math.max(published, 1)),
    dbSessions,
  };
}

function describePhase(result: PhaseResult): string {
  const l = result.lateness;
  const f = result.firstRequestLateness;
  return [
    `${result.phase}: ${result.stories} stories, ${result.targets} targets, ${result.published} published`,
    `  lateness (publish call) p50 ${l.p50} / p95 ${l.p95} / p99 ${l.p99} / max ${l.max} ms (n=${l.n})`,
    `  first request − scheduled p50 ${f.p50} / p95 ${f.p95} / p99 ${f.p99} / max ${f.max} ms`,
    `  all published after ${result.allPublishedS} s, ${result.targetsPerS} targets/s, ` +
      `${result.duplicates} duplicates, ${result.losses} losses, states ${JSON.stringify(result.states)}`,
    `  CPU s: workers ${result.cpu.workersS} (${result.workerCpuMsPerTarget} ms/target), simulator ${result.cpu.simulatorS}, ` +
      `postgres ${result.cpu.postgresS}; ${result.cpuMsPerTarget} ms/target in all; machine ${result.cpu.machineBusyPercent} % busy; ` +
      `${result.dbTransactionsPerTarget} db transactions/target, ${result.dbSessions} connections opened`,
  ].join("\n");
}

/** Least-squares slope of y over x. */
function slope(points: [number, number][]): number {
  const n = points.length;
  if (n < 2) return Number.NaN;
  const mx = points.reduce((sum, [x]) => sum + x, 0) / n;
  const my = points.reduce((sum, [, y]) => sum + y, 0) / n;
  const sxx = points.reduce((sum, [x]) => sum + (x - mx) ** 2, 0);
  const sxy = points.reduce((sum, [x, y]) => sum + (x - mx) * (y - my), 0);
  return sxx === 0 ? Number.NaN : sxy / sxx;
}

/**
 * The steady rate for `minutes`: 10 stories/s over SOAK_BRANDS brands in turn, every story due at
 * its own instant, all scheduled up front. Worker RSS is sampled every 10 s; the result gives the
 * slopes of RSS and of each minute's p99 lateness over the soak after its first 5 minutes (pools
 * fill, code gets compiled), and over the whole of it.
 */
async function runSoak(input: {
  simulatorUrl: string;
  queues: ReturnType<typeof createPublishQueues>;
  workspaceId: string;
  authorId: string;
  serveImage: (seed: number) => Promise<{ id: string; checksum: string }>;
  measureCpu: () => () => CpuUsage;
  brands: BenchBrand[];
  workers: NodeChild[];
  minutes: number;
}) {
  const count = Math.round(input.minutes * 60 * STEADY_PER_SECOND);
  console.log(
    `soak: ${STEADY_PER_SECOND} stories/s (×3 channels) for ${input.minutes} min: ${count} stories over ${input.brands.length} brands …`,
  );
  const soakStartedAt = Date.now();
  const rss: { atMin: number; mb: number[] }[] = [];
  const sampler = setInterval(() => {
    rss.push({
      atMin: (Date.now() - soakStartedAt) / 60_000,
      mb: input.workers.map((worker) => rssMb(worker.pid) ?? Number.NaN),
    });
  }, 10_000);
  let phase: PhaseResult;
  try {
    phase = await runPhase({
      ...input,
      phase: "soak",
      // Scheduling takes about 5 ms a story; the first must not be due before the last is queued.
      leadMs: 15_000 + count * 6,
      pollAfterLastDueMs: 5_000,
      stories: Array.from({ length: count }, (_, i) => ({
        brand: input.brands[i % input.brands.length] as BenchBrand,
        offsetMs: (i * 1000) / STEADY_PER_SECOND,
      })),
    });
  } finally {
    clearInterval(sampler);
  }
  console.log(describePhase(phase));
  const firstMinute = rss[0]?.atMin ?? 0;
  const rssPoints = (fromMin: number) =>
    rss
      .filter((sample) => sample.atMin - firstMinute >= fromMin)
      .map((sample): [number, number] => [sample.atMin, Math.max(...sample.mb)]);
  const p99Points = (fromMin: number) =>
    phase.p99ByMinute
      .map((p99, minute): [number, number] => [minute, p99])
      .filter(([minute, p99]) => minute >= fromMin && Number.isFinite(p99));
  const summary = {
    minutes: input.minutes,
    targets: phase.targets,
    published: phase.published,
    duplicates: phase.duplicates,
    losses: phase.losses,
    p50_ms: phase.lateness.p50,
    p99_ms: phase.lateness.p99,
    max_ms: phase.lateness.max,
    rss_mb_first: Math.round(Math.max(...(rss[0]?.mb ?? [Number.NaN]))),
    rss_mb_last: Math.round(Math.max(...(rss.at(-1)?.mb ?? [Number.NaN]))),
    rss_mb_per_min_after_5: round2(slope(rssPoints(5))),
    rss_mb_per_min_all: round2(slope(rssPoints(0))),
    p99_ms_per_min_after_5: round2(slope(p99Points(5))),
    p99_ms_per_min_all: round2(slope(p99Points(0))),
    cpu_ms_per_target: phase.cpuMsPerTarget,
    db_transactions_per_target: phase.dbTransactionsPerTarget,
  };
  const verdict = {
    noDuplicates: summary.duplicates === TARGETS.duplicates,
    noLosses: summary.losses === TARGETS.losses,
    // Growth is what would hurt; memory given back or lateness falling is not a failure.
    rssFlat: summary.rss_mb_per_min_after_5 <= TARGETS.soakRssMbPerMinute,
    p99Flat: summary.p99_ms_per_min_after_5 <= TARGETS.soakP99MsPerMinute,
    workersWithin200Mb: Math.max(...rss.flatMap((sample) => sample.mb)) <= TARGETS.workerRssMb,
  };
  console.log(
    `soak: RSS ${summary.rss_mb_first} → ${summary.rss_mb_last} MB, slope ${summary.rss_mb_per_min_after_5} MB/min ` +
      `after 5 min (${summary.rss_mb_per_min_all} over all); p99 slope ${summary.p99_ms_per_min_after_5} ms/min ` +
      `(${summary.p99_ms_per_min_all} over all); p99 by minute ${phase.p99ByMinute.join(" ")}`,
  );
  console.log(
    `targets: ${Object.entries(verdict)
      .map(([name, ok]) => `${ok ? "✓" : "✗"} ${name}`)
      .join("  ")}`,
  );
  return { phase, rssSamples: rss, summary, verdict };
}

async function main(): Promise<void> {
  const started = Date.now();
  const { databaseUrl, adminUrl, redisUrl } = services();
  // The bench process uses lib/ directly (db(), env()); its children get the same settings.
  Object.assign(process.env, {
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    AUTH_SECRET: randomBytes(32).toString("base64"),
    ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    LOG_LEVEL: "info",
  });
  console.log(
    `publish benchmark${quick ? " (quick)" : ""}: ${cpus().length} cores, ${cpus()[0]?.model ?? "?"}`,
  );
  console.log(`  database ${DATABASE} (recreated), redis db ${REDIS_DB} (flushed)`);
  // Other processes on the machine skew every number here; say how busy it was to begin with.
  const loadAtStart = loadavg().map(round2);
  console.log(`  load average at start: ${loadAtStart.join(" ")}`);
  const cpuProbe = cpuProbeMs();
  console.log(`  CPU probe (fixed single-core workload, lower is faster): ${cpuProbe} ms`);

  await recreateDatabase(adminUrl, databaseUrl);
  const redis = new Redis(redisUrl);
  await redis.flushdb();

  const media = await startMediaServer();
  const children: NodeChild[] = [];
  const workerRssMb: number[] = [];
  let rssTimer: NodeJS.Timeout | undefined;
  const abort = () => {
    for (const child of children) child.child.kill("SIGKILL");
    process.exit(130);
  };
  process.once("SIGINT", abort);
  process.once("SIGTERM", abort);
  try {
    const { process: simulator, value: simulatorUrl } = await waitForLine(
      (onLine) =>
        startNode("bench/support/simulator-process.ts", {
          env: process.env,
          onLine,
          // For diagnosis only, like BENCH_WORKER_NODE_ARGS below.
          nodeArgs: process.env.BENCH_SIMULATOR_NODE_ARGS?.split(" ").filter(Boolean),
        }),
      (line) => (line.startsWith('{"url"') ? (JSON.parse(line) as { url: string }).url : undefined),
      30_000,
    );
    children.push(simulator);

    const box = secretBoxFromEnv(env());
    const { workspace, ownerId } = await makeWorkspace(db());
    const steadyStories = STEADY_PER_SECOND * SCALE.steadySeconds;
    const brands = await makeBrandsWithChannels(
      db(),
      box,
      workspace.id,
      SOAK_MINUTES === undefined ? Math.max(SCALE.burstStories, steadyStories) : SOAK_BRANDS,
    );
    await registerAccounts(simulatorUrl, brands);
    console.log(
      `  setup: ${brands.length} brands × 3 sandbox channels in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );

    // The soak has no baseline: it compares the pipeline with itself, minute by minute.
    if (SOAK_MINUTES === undefined) console.log("baseline: bare BullMQ delayed no-op jobs …");
    const baseline =
      SOAK_MINUTES === undefined
        ? await runBaseline(redisUrl, SCALE.steadySeconds, SCALE.burstStories * 3)
        : undefined;

    const workerEnv = {
      ...process.env,
      SIMULATOR_URL: simulatorUrl,
      PUBLIC_BASE_URL: media.url(""),
      WORKER_PUBLISH_CONCURRENCY: String(CONCURRENCY),
    };
    // The publish kind's own heap limits, as every launcher gives them (scripts/worker-kinds.mjs);
    // then, for diagnosis only, e.g. BENCH_WORKER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof".
    const workerNodeArgs = [
      ...workerNodeOptions("publish", workerEnv),
      ...(process.env.BENCH_WORKER_NODE_ARGS?.split(" ").filter(Boolean) ?? []),
    ];
    let workerWarnings = 0;
    const workers: NodeChild[] = [];
    for (let i = 0; i < WORKER_PROCESSES; i++) {
      const { process: worker } = await waitForLine(
        // The publish kind, as `npm start` runs it (decision 041): what a burst lands on.
        (onLine) =>
          startNode("scripts/workers.mjs", {
            env: workerEnv,
            args: ["--kind", "publish"],
            onLine,
            nodeArgs: workerNodeArgs,
          }),
        (line) => {
          // Forward the first few warnings: a benchmark that silently retried is not a benchmark.
          if (/"level":(4|5|6)\d/.test(line) && ++workerWarnings <= 5) console.warn(`  worker: ${line}`);
          return line.includes('"msg":"workers ready"') ? true : undefined;
        },
        60_000,
      );
      workers.push(worker);
      children.push(worker);
    }
    // Each worker registers every sandbox account when it starts (keepSandboxRegistered): wait
    // for both to finish, or the first phase would measure that instead.
    const channelCount = brands.length * 3;
    await until(
      async () =>
        (await simJson<{ count: number }>(`${simulatorUrl}/_bench/account-posts`)).count >=
        channelCount * (1 + WORKER_PROCESSES),
      Date.now() + 120_000,
      500,
    );
    // What a worker holds before any story: the floor under the peak reported below.
    const workerIdleRssMb = workers.map((worker) => Math.round(rssMb(worker.pid) ?? 0));
    const measureCpu = () =>
      cpuMeter(
        workers.map((worker) => worker.pid),
        simulator.pid,
      );
    rssTimer = setInterval(() => {
      workers.forEach((worker, i) => {
        workerRssMb[i] = Math.max(workerRssMb[i] ?? 0, peakRssMb(worker.pid) ?? 0);
      });
    }, 1_000);

    const queues = createPublishQueues(redisUrl);
    const serveImage = async (seed: number) => {
      const bytes = jpeg({ seed });
      const asset = await makeMediaAsset(db(), workspace.id, {
        kind: "IMAGE",
        bytes,
        mimeType: "image/jpeg",
      });
      media.serve(`/media/${asset.storageKey}`, bytes, "image/jpeg");
      return asset;
    };
    const common = {
      simulatorUrl,
      queues,
      workspaceId: workspace.id,
      authorId: ownerId,
      serveImage,
      leadMs: SCALE.leadMs,
      measureCpu,
    };
    if (SOAK_MINUTES !== undefined || !baseline) {
      const soak = await runSoak({ ...common, brands, workers, minutes: SOAK_MINUTES ?? 30 });
      await queues.close();
      const result = {
        benchmark: "publish-soak",
        date: new Date().toISOString(),
        node: process.version,
        cpu: cpus()[0]?.model ?? "unknown",
        cores: cpus().length,
        loadAverageAtStart: loadAtStart,
        cpuProbeMs: cpuProbe,
        config: {
          minutes: SOAK_MINUTES,
          storiesPerS: STEADY_PER_SECOND,
          brands: brands.length,
          workerProcesses: WORKER_PROCESSES,
          publishConcurrencyPerWorker: CONCURRENCY,
          workerNodeArgs: workerNodeArgs.join(" "),
        },
        ...soak,
        workerIdleRssMb,
        workerWarnings,
        durationS: Math.round((Date.now() - started) / 1000),
      };
      await saveResult("publish-soak-latest.json", result);
      return;
    }
    const burstStories = brands.slice(0, SCALE.burstStories).map((brand) => ({ brand, offsetMs: 0 }));

    console.log(
      `burst: ${SCALE.burstStories} stories × 3 channels due at one instant, simulator latency 0 ms …`,
    );
    const burst0 = await runPhase({ ...common, phase: "burst-0ms", stories: burstStories });
    console.log(describePhase(burst0));

    console.log(`burst: the same with ${LATENCY_MS} ms simulator latency …`);
    for (const platform of ["instagram", "facebook", "whatsapp"]) {
      await simJson(`${simulatorUrl}/_sim/faults`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ platform, kind: "latency", latencyMs: LATENCY_MS }),
      });
    }
    const burst50 = await runPhase({ ...common, phase: `burst-${LATENCY_MS}ms`, stories: burstStories });
    await simJson(`${simulatorUrl}/_sim/faults`, { method: "DELETE" });
    console.log(describePhase(burst50));

    console.log(`steady: ${STEADY_PER_SECOND} stories/s for ${SCALE.steadySeconds} s …`);
    const steady = await runPhase({
      ...common,
      phase: "steady",
      stories: brands
        .slice(0, steadyStories)
        .map((brand, i) => ({ brand, offsetMs: (i * 1000) / STEADY_PER_SECOND })),
    });
    console.log(describePhase(steady));

    clearInterval(rssTimer);
    workers.forEach((worker, i) => {
      workerRssMb[i] = Math.max(workerRssMb[i] ?? 0, peakRssMb(worker.pid) ?? 0);
    });
    await queues.close();

    const b = baseline;
    console.log("\n                                StoryRelay   bare BullMQ   ratio");
    const row = (label: string, ours: number, base: number) =>
      console.log(
        `${label.padEnd(32)}${String(ours).padStart(10)}${String(base).padStart(14)}${ratio(ours, base).padStart(8)}`,
      );
    row("steady lateness p50 (ms)", steady.lateness.p50, b.steady.lateness.p50);
    row("steady lateness p99 (ms)", steady.lateness.p99, b.steady.lateness.p99);
    row("burst lateness p50 (ms)", burst0.lateness.p50, b.burst.lateness.p50);
    row("burst lateness p99 (ms)", burst0.lateness.p99, b.burst.lateness.p99);
    row("burst all done after (s)", burst0.allPublishedS, b.burst.lastStartS);
    row("burst targets | jobs per s", burst0.targetsPerS, b.burst.jobsPerS);
    console.log(
      `worker peak RSS: ${workerRssMb.map((mb) => `${mb.toFixed(0)} MB`).join(", ")} ` +
        `(idle after start: ${workerIdleRssMb.map((mb) => `${mb} MB`).join(", ")})`,
    );
    if (workerWarnings > 0) console.log(`worker warnings/errors logged: ${workerWarnings}`);

    const summary = {
      steady_p50_ms: steady.lateness.p50,
      steady_p99_ms: steady.lateness.p99,
      burst_p99_ms: burst0.lateness.p99,
      burst_all_published_s: burst0.allPublishedS,
      targets_per_s: burst0.targetsPerS,
      duplicates: burst0.duplicates + burst50.duplicates + steady.duplicates,
      losses: burst0.losses + burst50.losses + steady.losses,
      worker_rss_mb: Math.round(Math.max(...workerRssMb)),
      baseline_p99_ms: b.steady.lateness.p99,
      baseline_jobs_per_s: b.burst.jobsPerS,
      burst_50ms_p99_ms: burst50.lateness.p99,
      burst_50ms_all_published_s: burst50.allPublishedS,
      baseline_p50_ms: b.steady.lateness.p50,
      baseline_burst_p99_ms: b.burst.lateness.p99,
      burst_cpu_ms_per_target: burst0.cpuMsPerTarget,
      burst_db_transactions_per_target: burst0.dbTransactionsPerTarget,
      steady_cpu_ms_per_target: steady.cpuMsPerTarget,
      quick,
    };
    const verdict = {
      steadyP99NoWorseThanBaseline: summary.steady_p99_ms <= summary.baseline_p99_ms,
      burstWithin10s: summary.burst_all_published_s <= TARGETS.burstAllPublishedS,
      noDuplicates: summary.duplicates === TARGETS.duplicates,
      noLosses: summary.losses === TARGETS.losses,
      workersWithin200Mb: summary.worker_rss_mb <= TARGETS.workerRssMb,
      burstCpuWithin5_5MsPerTarget: summary.burst_cpu_ms_per_target <= TARGETS.cpuMsPerTarget,
      burstTransactionsWithin3PerTargetAnd2PerStory:
        summary.burst_db_transactions_per_target <= TARGETS.dbTransactionsPerTarget,
    };
    console.log(
      `targets: ${Object.entries(verdict)
        .map(([name, ok]) => `${ok ? "✓" : "✗"} ${name}`)
        .join("  ")}`,
    );

    const result = {
      benchmark: "publish",
      date: new Date().toISOString(),
      quick,
      node: process.version,
      cpu: cpus()[0]?.model ?? "unknown",
      cores: cpus().length,
      loadAverageAtStart: loadAtStart,
      cpuProbeMs: cpuProbe,
      config: {
        ...SCALE,
        steadyStoriesPerS: STEADY_PER_SECOND,
        workerProcesses: WORKER_PROCESSES,
        publishConcurrencyPerWorker: CONCURRENCY,
        // Node options given to the workers: the kind's heap limits, then BENCH_WORKER_NODE_ARGS.
        workerNodeArgs: workerNodeArgs.join(" "),
        latencyMs: LATENCY_MS,
        latenessMeasuredFrom:
          "first simulator request naming the target's account (bench/support/simulator-process.ts)",
      },
      baseline,
      phases: { burst0, burst50, steady },
      workerPeakRssMb: workerRssMb.map(Math.round),
      workerIdleRssMb,
      workerWarnings,
      verdict,
      durationS: Math.round((Date.now() - started) / 1000),
      summary,
    };
    const dir = `${repoRoot}/bench/results`;
    await mkdir(dir, { recursive: true });
    const body = `${JSON.stringify(result, null, 2)}\n`;
    await writeFile(`${dir}/publish-${result.date.replaceAll(":", "-")}.json`, body);
    await writeFile(`${dir}/publish-latest.json`, body);
    console.log(`saved bench/results/publish-latest.json (${result.durationS} s)`);
    console.log(JSON.stringify(summary));
  } finally {
    if (rssTimer) clearInterval(rssTimer);
    await Promise.all(children.map((child) => stopChild(child)));
    await media.close();
    redis.disconnect();
    await disconnectDb();
  }
}

await main();
