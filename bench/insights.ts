/**
 * Insight collection over one simulated day: does every live story get its readings, the final
 * one above all, and what does a reading cost the worker?
 *
 *   npm run bench:insights [-- --accounts 1000 --stories 10 --step-minutes 5] [--page-only | --no-page]
 *
 * Recreates a database of its own (storyrelay_bench_insights) with one workspace, `--accounts`
 * brands with one sandbox Instagram channel each, and `--stories` one-frame stories per account
 * published during the hour before the run (10,000 live story targets by default), as the
 * pipeline leaves them: target and frame PUBLISHED with the platform's media id. The simulator
 * (in this process, usage budgets not enforced) is given the same stories. The insights worker
 * runs in a child process (bench/support/insights-worker-process.ts) against a private Redis;
 * the benchmark then moves the simulator's clock and the worker's injected `now` through the day
 * in steps, has the worker sweep at each step and waits for its queue to drain.
 *
 * Reports snapshot calls made vs planned (5 slots per frame), readings recorded by outcome,
 * final snapshots missed (target 0), and the worker's CPU time per snapshot. Prints a table and,
 * as the last line, one JSON object; saves bench/results/insights-latest.json.
 *
 * Then the brand analytics page over 100,000 snapshots (`measureBrandAnalyticsPage`; needs
 * `npm run build`): target p95 ≤ 300 ms. `--page-only` runs just that (a minute, where the
 * simulated day takes about ten) and saves bench/results/insights-page-latest.json.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { getBestTimes } from "@/lib/analytics/get-best-times";
import { getBrandInsights } from "@/lib/analytics/get-brand-insights";
import { registerSandboxAccounts } from "@/lib/channels/register-sandbox-accounts";
import { INSIGHT_SLOTS, STORY_LIVE_MS } from "@/lib/core/insights";
import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { db, disconnectDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { createLogger } from "@/lib/logger";
import { createInsightsQueue } from "@/lib/queue/insights-queue";
import { makeBrand, makeMediaAsset, makeSandboxChannels, makeWorkspace } from "@/prisma/factories";
import { startSimulator } from "@/simulators/server";
import { jpeg } from "@/test/media/media-fixtures";
import { argument, databaseUrls, recreateDatabase } from "./support/bench-database";
import { seedInsightHistory } from "./support/insight-history";
import { startPrivateRedis } from "./support/private-redis";
import { type NodeChild, repoRoot, startNode } from "./support/processes";
import { saveResult } from "./support/save-result";
import { type Distribution, round2 } from "./support/stats";
import { signIn, startWeb, timeFunction, timeRequests, waitUntilHealthy } from "./support/web-bench";

const DATABASE = "storyrelay_bench_insights";
const ACCOUNTS = Number(argument("--accounts") ?? 1_000);
const STORIES_PER_ACCOUNT = Number(argument("--stories") ?? 10);
const STEP_MS = Number(argument("--step-minutes") ?? 5) * 60_000;
const HOUR_MS = 3_600_000;
/** `--page-only`: just the analytics page; `--no-page`: just the simulated day. */
const PAGE_ONLY = process.argv.includes("--page-only");
const NO_PAGE = process.argv.includes("--no-page");
const PAGE_STORIES = 10_000;
const PAGE_REQUESTS = Number(argument("--requests") ?? 100);
const PAGE_TARGET_P95_MS = 300;
const BATCH = 2_000;

type Reply = { id: number; [key: string]: unknown };

/** Request/answer over the child's IPC channel. */
function ipc(worker: NodeChild) {
  let next = 1;
  const waiting = new Map<number, (reply: Reply) => void>();
  worker.child.on("message", (reply: Reply) => {
    waiting.get(reply.id)?.(reply);
    waiting.delete(reply.id);
  });
  const ready = new Promise<void>((resolve) => waiting.set(0, () => resolve()));
  return {
    ready,
    ask(message: Record<string, unknown>): Promise<Reply> {
      const id = next++;
      return new Promise((resolve, reject) => {
        waiting.set(id, (reply) => (reply.error ? reject(new Error(String(reply.error))) : resolve(reply)));
        worker.child.send({ id, ...message });
      });
    },
  };
}

/** The live stories, written as the publish pipeline leaves them, in batches. */
async function seedStories(
  workspaceId: string,
  channels: { id: string; brandId: string; externalAccountId: string }[],
  firstAt: number,
) {
  const asset = await makeMediaAsset(db(), workspaceId, {
    kind: "IMAGE",
    bytes: jpeg(),
    mimeType: "image/jpeg",
  });
  const total = channels.length * STORIES_PER_ACCOUNT;
  const spacing = HOUR_MS / total;
  const published: { mediaId: string; accountId: string; at: number }[] = [];
  for (let start = 0; start < total; start += BATCH) {
    const stories = [];
    const frames = [];
    const targets = [];
    const targetFrames = [];
    for (let i = start; i < Math.min(total, start + BATCH); i++) {
      const channel = channels[i % channels.length];
      if (!channel) continue;
      const at = new Date(firstAt + i * spacing);
      const storyId = `bench-story-${i}`;
      const frameId = `bench-frame-${i}`;
      const targetId = `bench-target-${i}`;
      const mediaId = `179${String(i).padStart(12, "0")}`;
      stories.push({
        id: storyId,
        workspaceId,
        brandId: channel.brandId,
        status: "PUBLISHED" as const,
        scheduledAt: at,
        publishedAt: at,
        title: `Bench story ${i}`,
      });
      frames.push({ id: frameId, workspaceId, storyId, position: 0, mediaAssetId: asset.id });
      targets.push({
        id: targetId,
        workspaceId,
        storyId,
        channelId: channel.id,
        state: "PUBLISHED" as const,
        publishedAt: at,
      });
      targetFrames.push({
        workspaceId,
        targetId,
        frameId,
        position: 0,
        state: "PUBLISHED" as const,
        externalMediaId: mediaId,
        publishedAt: at,
      });
      published.push({ mediaId, accountId: channel.externalAccountId, at: at.getTime() });
    }
    await db().story.createMany({ data: stories });
    await db().storyFrame.createMany({ data: frames });
    await db().storyTarget.createMany({ data: targets });
    await db().storyTargetFrame.createMany({ data: targetFrames });
  }
  return published;
}

/**
 * The brand analytics page over 100,000 snapshots (issue 14: p95 server time ≤ 300 ms): one
 * brand with 10,000 two-frame stories over 90 days on three channels (bench/support/
 * insight-history.ts), the production build started on a free port, the owner signed in, and
 * sequential GETs of the page for the last 30 days and for all 90, warm-up excluded; the two read
 * models it calls are timed in this process as well, without HTTP and rendering.
 */
async function measureBrandAnalyticsPage(): Promise<
  | { measured: false; why: string }
  | {
      measured: true;
      snapshots: number;
      month: Distribution;
      quarter: Distribution;
      readModelMonth: Distribution;
      bestTimes: Distribution;
      p95Ms: number;
      targetP95Ms: number;
    }
> {
  if (!existsSync(`${repoRoot}/.next/BUILD_ID`)) {
    return { measured: false, why: "no production build: run `npm run build` first" };
  }
  const started = performance.now();
  const history = await seedInsightHistory({ stories: PAGE_STORIES, days: 90 });
  console.log(
    `  seeded ${history.snapshots} snapshots for the page in ${round2((performance.now() - started) / 1000)} s`,
  );
  const owner = await db().user.findUniqueOrThrow({ where: { id: history.ctx.userId ?? "" } });
  const runs = { warmUp: 10, requests: PAGE_REQUESTS };
  const web = await startWeb();
  try {
    await waitUntilHealthy(`${web.baseUrl}/api/health`, web.web);
    const cookie = await signIn(web.baseUrl, owner.email);
    const page = `${web.baseUrl}/w/${history.workspace.slug}/brands/${history.brand.id}/analytics`;
    const today = new Date().toISOString().slice(0, 10);
    const ninetyDaysAgo = new Date(Date.now() - 89 * 86_400_000).toISOString().slice(0, 10);
    const month = await timeRequests(`${page}?period=month`, cookie, "By platform", runs);
    const quarter = await timeRequests(
      `${page}?period=custom&from=${ninetyDaysAgo}&to=${today}`,
      cookie,
      "By platform",
      runs,
    );
    const monthRange = { from: new Date(Date.now() - 29 * 86_400_000).toISOString().slice(0, 10), to: today };
    const readModelMonth = await timeFunction(runs, () =>
      getBrandInsights(db(), history.ctx, history.brand.id, monthRange),
    );
    const bestTimes = await timeFunction(runs, () => getBestTimes(db(), history.ctx, history.brand.id));
    return {
      measured: true,
      snapshots: history.snapshots,
      month,
      quarter,
      readModelMonth,
      bestTimes,
      // The page as it opens (the last 30 days) is what the target is for; 90 days is reported beside it.
      p95Ms: month.p95,
      targetP95Ms: PAGE_TARGET_P95_MS,
    };
  } finally {
    web.stop();
  }
}

function printPage(analytics: Awaited<ReturnType<typeof measureBrandAnalyticsPage>>): void {
  if (!analytics.measured) {
    console.log(`  brand analytics page: not measured (${analytics.why})`);
    return;
  }
  console.log(`\n  brand analytics page over ${analytics.snapshots} snapshots (10,000 stories, 90 days):`);
  console.log(`  ${"".padEnd(36)}${["n", "p50 ms", "p95 ms", "max ms"].map((h) => h.padStart(9)).join("")}`);
  const rows: [string, Distribution][] = [
    ["GET page, last 30 days", analytics.month],
    ["GET page, 90 days", analytics.quarter],
    ["getBrandInsights, 30 days", analytics.readModelMonth],
    ["getBestTimes (all history)", analytics.bestTimes],
  ];
  for (const [name, d] of rows) {
    console.log(
      `  ${name.padEnd(36)}${[d.n, d.p50, d.p95, d.max].map((v) => String(v).padStart(9)).join("")}`,
    );
  }
  const met = analytics.p95Ms <= analytics.targetP95Ms;
  console.log(
    `  target p95 ≤ ${analytics.targetP95Ms} ms for the page as it opens (30 days): ${met ? "met" : "MISSED"}`,
  );
  if (analytics.quarter.p95 > analytics.targetP95Ms) {
    console.log(
      `  (a 90-day range is ${analytics.quarter.p95} ms at p95: over the target, which is for the default view)`,
    );
  }
}

async function main(): Promise<void> {
  const { databaseUrl, adminUrl } = databaseUrls(DATABASE);
  const redis = await startPrivateRedis();
  Object.assign(process.env, {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
    AUTH_SECRET: process.env.AUTH_SECRET ?? randomBytes(32).toString("base64"),
    ENCRYPTION_KEY: process.env.ENCRYPTION_KEY ?? randomBytes(32).toString("base64"),
    LOG_LEVEL: "warn",
  });
  const planned = ACCOUNTS * STORIES_PER_ACCOUNT * INSIGHT_SLOTS.length;
  console.log(`insights benchmark: ${cpus().length} cores, load average ${loadavg().map(round2).join(" ")}`);
  console.log(
    `  database ${DATABASE} (recreated), ${ACCOUNTS} accounts × ${STORIES_PER_ACCOUNT} stories, steps of ${STEP_MS / 60_000} min`,
  );
  await recreateDatabase(DATABASE, adminUrl, databaseUrl);
  if (PAGE_ONLY) {
    try {
      const analytics: Awaited<ReturnType<typeof measureBrandAnalyticsPage>> = NO_PAGE
        ? { measured: false, why: "--no-page" }
        : await measureBrandAnalyticsPage();
      printPage(analytics);
      await saveResult("insights-page-latest.json", {
        at: new Date().toISOString(),
        loadAverage: loadavg().map(round2),
        brandAnalyticsPage: analytics,
      });
      if (analytics.measured && analytics.p95Ms > PAGE_TARGET_P95_MS) process.exitCode = 1;
    } finally {
      await redis.stop();
      await disconnectDb();
    }
    return;
  }
  // Meta's budgets are per account per hour; a day of readings is far below them: the benchmark
  // measures StoryRelay, not throttling (test/insights covers thinning).
  const sim = await startSimulator({ port: 0, usage: { enforce: false } });
  let worker: NodeChild | undefined;
  const prefix = `bench-insights-${randomUUID()}`;
  const queue = createInsightsQueue(redis.url, prefix);
  try {
    let started = performance.now();
    const { workspace } = await makeWorkspace(db(), { name: "Insights Bench" });
    const box = secretBoxFromEnv(env());
    const channels = [];
    for (let i = 0; i < ACCOUNTS; i++) {
      const brand = await makeBrand(db(), workspace.id, {
        name: `Bench Brand ${i}`,
        timeZone: "Europe/Berlin",
      });
      const [channel] = await makeSandboxChannels(db(), box, brand, ["INSTAGRAM"]);
      if (channel)
        channels.push({ id: channel.id, brandId: brand.id, externalAccountId: channel.externalAccountId });
    }
    await registerSandboxAccounts({
      db: db(),
      box,
      simulatorUrl: sim.url,
      logger: createLogger("bench", "warn"),
    });
    // Published during the hour before now, so the +1 h readings start coming due at once.
    const firstAt = Date.now() - HOUR_MS;
    const published = await seedStories(workspace.id, channels, firstAt);
    for (const story of published) {
      sim.state.instagramMedia.set(story.mediaId, {
        id: story.mediaId,
        accountId: story.accountId,
        containerId: `bench-${story.mediaId}`,
        kind: "image",
        sha256: "bench",
        publishedAt: story.at,
        userTags: [],
        sequence: { firstId: story.mediaId, firstAt: story.at, position: 0 },
      });
    }
    console.log(
      `  seeded ${published.length} live story targets in ${round2((performance.now() - started) / 1000)} s`,
    );

    worker = startNode("bench/support/insights-worker-process.ts", {
      env: { ...process.env, SIMULATOR_URL: sim.url, BENCH_PREFIX: prefix },
      ipc: true,
    });
    const child = ipc(worker);
    await child.ready;
    const cpuBefore = (await child.ask({ type: "cpu" })) as unknown as NodeJS.CpuUsage;

    started = performance.now();
    let offsetMs = 0;
    let sweptDue = 0;
    const dayMs = STORY_LIVE_MS + 10 * 60_000;
    while (offsetMs < dayMs) {
      offsetMs += STEP_MS;
      sim.state.clock.advance(STEP_MS);
      await child.ask({ type: "clock", offsetMs });
      const swept = (await child.ask({ type: "sweep" })) as unknown as { due: number };
      sweptDue += swept.due;
      // The step is done when nothing is waiting or running (delayed jobs are later slots).
      for (;;) {
        const counts = await queue.getJobCounts("waiting", "active", "prioritized");
        if (Object.values(counts).every((n) => n === 0)) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    const dayS = (performance.now() - started) / 1000;
    const cpuAfter = (await child.ask({ type: "cpu" })) as unknown as NodeJS.CpuUsage;
    const cpuMs = (cpuAfter.user - cpuBefore.user + cpuAfter.system - cpuBefore.system) / 1000;

    const byOutcome = Object.fromEntries(
      (await db().insightSnapshot.groupBy({ by: ["outcome"], _count: { _all: true } })).map((row) => [
        row.outcome,
        row._count._all,
      ]),
    ) as Record<string, number>;
    const snapshots = Object.values(byOutcome).reduce((sum, n) => sum + n, 0);
    const frames = published.length;
    const finals = await db().insightSnapshot.count({ where: { slot: "FINAL" } });
    const callsMade = sim.state.calls.get("instagram.insights") ?? 0;
    const finalsMissed = frames - finals;
    const analytics: Awaited<ReturnType<typeof measureBrandAnalyticsPage>> = NO_PAGE
      ? { measured: false, why: "--no-page" }
      : await measureBrandAnalyticsPage();

    console.log(`\n  simulated day in ${round2(dayS)} s of real time (${Math.round(dayMs / STEP_MS)} steps)`);
    console.log(`  snapshot calls made / planned: ${callsMade} / ${planned}`);
    console.log(
      `  snapshots recorded: ${snapshots} (${Object.entries(byOutcome)
        .map(([k, v]) => `${k} ${v}`)
        .join(", ")})`,
    );
    console.log(`  final snapshots missed: ${finalsMissed} (target 0)`);
    console.log(
      `  worker CPU: ${round2(cpuMs / 1000)} s, ${round2(cpuMs / Math.max(1, snapshots))} ms per snapshot`,
    );
    printPage(analytics);
    const result = {
      at: new Date().toISOString(),
      accounts: ACCOUNTS,
      liveStoryTargets: frames,
      stepMinutes: STEP_MS / 60_000,
      cores: cpus().length,
      loadAverage: loadavg().map(round2),
      simulatedDaySeconds: round2(dayS),
      snapshotCallsPlanned: planned,
      snapshotCallsMade: callsMade,
      readingsSweptDue: sweptDue,
      snapshotsRecorded: snapshots,
      snapshotsByOutcome: byOutcome,
      finalSnapshotsMissed: finalsMissed,
      workerCpuSeconds: round2(cpuMs / 1000),
      workerCpuMsPerSnapshot: round2(cpuMs / Math.max(1, snapshots)),
      brandAnalyticsPage: analytics,
      pass: finalsMissed === 0 && (!analytics.measured || analytics.p95Ms <= PAGE_TARGET_P95_MS),
    };
    await saveResult("insights-latest.json", result);
    if (!result.pass) process.exitCode = 1;
  } finally {
    if (worker) {
      const stopping = worker;
      stopping.child.send({ id: -1, type: "stop" });
      await Promise.race([stopping.exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (stopping.child.exitCode === null) stopping.child.kill("SIGKILL");
    }
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await sim.close();
    await redis.stop();
    await disconnectDb();
  }
}

await main();
