import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startPrivateRedis } from "@/bench/support/private-redis";
import { type NodeChild, repoRoot, startNode } from "@/bench/support/processes";
import { registerSandboxAccounts } from "@/lib/channels/register-sandbox-accounts";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { PrismaClient } from "@/lib/db/generated/client";
import { env } from "@/lib/env";
import { createLogger } from "@/lib/logger";
import { createPublishQueues } from "@/lib/queue/publish-queues";
import { scheduleStory } from "@/lib/stories/schedule-story";
import { makeBrand, makeMediaAsset, makeSandboxChannels, makeWorkspace } from "@/prisma/factories";
import { type RunningSimulator, startSimulator } from "@/simulators/server";
import { jpeg, mp4 } from "@/simulators/test/media-fixtures";
import { type MediaServer, startMediaServer } from "@/simulators/test/media-server";

/**
 * Exactly once under crashes: real worker processes publish a burst of stories while they are
 * kill -9'd at random moments, Redis is restarted (losing every job) once and flushed once.
 * Afterwards every target must be PUBLISHED and the simulators' ledger must hold exactly one
 * publish per target and frame.
 *
 * It runs against a database of its own (<test db>_crash_<random>, created and dropped here) rather than the shared
 * test database: the workers' sweep is global, so sharing it would let these workers pick up
 * the targets of integration tests running beside this file and publish them to this file's
 * simulator, failing those tests at random.
 */

const STORIES = 70;
const KILLS = 20;
const WORKERS = 3;
const OPEN_STATES = ["PENDING", "PREPARING", "READY", "PUBLISHING"] as const;

type Db = PrismaClient;

const testDatabaseUrl = new URL(env().DATABASE_URL);
// Unique per run: anyone's `npm test` in the same checkout runs this file too, and two runs must
// not drop each other's database.
const crashDatabase = `${testDatabaseUrl.pathname.slice(1)}_crash_${randomBytes(4).toString("hex")}`;
const crashDatabaseUrl = Object.assign(new URL(testDatabaseUrl), {
  pathname: `/${crashDatabase}`,
}).toString();

async function recreateCrashDatabase(): Promise<void> {
  const admin = new pg.Client({ connectionString: testDatabaseUrl.toString() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${crashDatabase}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${crashDatabase}"`);
  } finally {
    await admin.end();
  }
  const migrate = spawn("node_modules/.bin/prisma", ["migrate", "deploy"], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: crashDatabaseUrl },
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
let redis: Awaited<ReturnType<typeof startPrivateRedis>>;
let simulator: RunningSimulator;
let media: MediaServer;

beforeAll(async () => {
  await recreateCrashDatabase();
  db = new PrismaClient({ adapter: new PrismaPg({ connectionString: crashDatabaseUrl, max: 4 }) });
  redis = await startPrivateRedis();
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
  const admin = new pg.Client({ connectionString: testDatabaseUrl.toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${crashDatabase}" WITH (FORCE)`).catch(() => undefined);
  await admin.end();
}, 60_000);

/** Worker processes that can be killed and replaced; counts what they log at warn and above. */
function workerPool() {
  const workerEnv: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: crashDatabaseUrl,
    REDIS_URL: redis.url,
    SIMULATOR_URL: simulator.url,
    PUBLIC_BASE_URL: media.url(""),
    LOG_LEVEL: "warn",
    // 210 targets over 15 s need far fewer slots than the default; fewer also keeps each worker's
    // database connections from being queued for past Prisma's 2 s transaction wait.
    WORKER_PUBLISH_CONCURRENCY: "30",
    // Targets claimed by a killed worker come back when their lease ends: keep the wait short.
    PUBLISH_LEASE_MS: "10000",
  };
  const live: NodeChild[] = [];
  const logged: string[] = [];
  const start = () => {
    const worker = startNode("scripts/workers.mjs", { env: workerEnv, onLine: (line) => logged.push(line) });
    live.push(worker);
  };
  for (let i = 0; i < WORKERS; i++) start();
  return {
    logged,
    /** kill -9 one worker at random and start its replacement at once. */
    killOneAndReplace() {
      const [victim] = live.splice(Math.floor(Math.random() * live.length), 1);
      victim?.child.kill("SIGKILL");
      start();
    },
    async stopAll() {
      const all = live.splice(0);
      for (const worker of all) worker.child.kill("SIGKILL");
      await Promise.all(all.map((worker) => worker.exited));
    },
  };
}

async function makeStories() {
  const box = secretBoxFromEnv(env());
  const { workspace, ctx } = await makeWorkspace(db);
  const logger = createLogger("crash-test", "silent");
  const queues = createPublishQueues(redis.url);
  const frames: { targetAccount: string; sha256: string }[] = [];
  const firstDueAt = Date.now() + 6_000;
  // Spread over 15 s so the kills land while targets are being claimed, held and published.
  const spreadMs = 15_000;
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
    await scheduleStory({ db, queues, logger }, ctx, {
      brandId: brand.id,
      channelIds: channels.map((c) => c.id),
      frames: assets.map((a) => a.id),
      when: { at: new Date(firstDueAt + Math.round((i * spreadMs) / STORIES)).toISOString() },
    });
    for (const channel of channels)
      for (const asset of assets)
        frames.push({ targetAccount: channel.externalAccountId, sha256: asset.checksum });
  }
  // The workers register sandbox accounts when they start, but a worker killed early may not get
  // through them all before the first story is due, and a publish to an account the simulator
  // does not know flags the channel NEEDS_REAUTH. That race is not what this test is about.
  await registerSandboxAccounts({ db, box, simulatorUrl: simulator.url, logger });
  // Closed before the chaos: a producer connection alive through the Redis restart only logs EPIPE.
  await queues.close();
  return { workspace, frames, firstDueAt };
}

test(`${STORIES} stories × 3 channels publish exactly once through ${KILLS} kill -9s, a Redis restart and a flush`, async () => {
  const started = Date.now();
  const { workspace, frames, firstDueAt } = await makeStories();
  const workers = workerPool();
  try {
    // Chaos from shortly before the first dispatch (due 1.5 s early) until KILLS kills are done.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, firstDueAt - 4_000 - Date.now())));
    let kills = 0;
    while (kills < KILLS) {
      await new Promise((resolve) => setTimeout(resolve, 1_000 + Math.random() * 2_000));
      workers.killOneAndReplace();
      kills++;
      if (kills === 7) await redis.restart();
      if (kills === 14) await redis.flush();
    }
    const chaosEndedAt = Date.now();

    // A killed worker's target comes back once its lease (10 s here) has run out and its job is
    // found stalled (lock 15 s, checked every 5 s) or re-added by the sweep (every 5 s): allow
    // that several times over, plus backoff and the slowest (video) publish.
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
        channel: { select: { platform: true } },
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
        data: { accountId: string; mediaSha256: string }[];
      }
    ).data.filter((entry) => accounts.has(entry.accountId));
    const perFrame = new Map<string, number>();
    for (const entry of ledger) {
      const key = `${entry.accountId} ${entry.mediaSha256}`;
      perFrame.set(key, (perFrame.get(key) ?? 0) + 1);
    }
    const missing = frames.filter((f) => !perFrame.has(`${f.targetAccount} ${f.sha256}`)).length;
    const duplicates = [...perFrame.values()].reduce((sum, n) => sum + n - 1, 0);

    console.log(
      `crash test: ${targets.length} targets, ${frames.length} target frames, ${kills} kills, ` +
        `states ${JSON.stringify(states)}, UNCONFIRMED ${states.UNCONFIRMED ?? 0}, ` +
        `ledger ${ledger.length} (missing ${missing}, duplicates ${duplicates}), ` +
        `max attempts ${Math.max(...targets.map((t) => t.attemptCount))}, ` +
        `settled ${((Date.now() - chaosEndedAt) / 1000).toFixed(1)} s after the last kill, ` +
        `${((Date.now() - started) / 1000).toFixed(1)} s in all, ${workers.logged.length} worker warnings`,
    );
    if (unpublished.size > 0) console.log([...unpublished].map(([why, n]) => `  ${n} × ${why}`).join("\n"));
    expect(targets.length).toBeGreaterThanOrEqual(200);
    expect(states, workers.logged.slice(-3).join("\n")).toEqual({ PUBLISHED: targets.length });
    expect({ missing, duplicates, ledger: ledger.length }).toEqual({
      missing: 0,
      duplicates: 0,
      ledger: frames.length,
    });
  } finally {
    await workers.stopAll();
  }
}, 170_000);
