/**
 * What each kind of worker process holds in memory before any work (decision 041).
 *
 *   npm run bench:worker-rss [-- --rounds 3] [-- --database storyrelay_bench_worker_rss]
 *
 * Starts the simulators, then one worker process at a time, `scripts/workers.mjs --kind all`,
 * `publish` and `media` in turn for each round, against a database of its own (recreated each run)
 * and a private Redis. For each: RSS when it logged "workers ready", RSS after SETTLE_MS more (its
 * start-up sweeps and sandbox registration done), and its peak so far (VmHWM). Prints the median
 * of the rounds per kind and saves bench/results/worker-rss-latest.json.
 */
import { cpus, loadavg } from "node:os";
import { workerNodeOptions } from "../scripts/worker-kinds.mjs";
import { argument, databaseUrls, recreateDatabase } from "./support/bench-database";
import { startPrivateRedis } from "./support/private-redis";
import { peakRssMb, rssMb, startNode, stopChild, waitForLine } from "./support/processes";
import { saveResult } from "./support/save-result";

const KINDS = ["all", "publish", "media"] as const;
const SETTLE_MS = 5_000;
const ROUNDS = Number(argument("--rounds") ?? 3);
const DATABASE = argument("--database") ?? "storyrelay_bench_worker_rss";

type Sample = { readyMb: number; settledMb: number; peakMb: number };

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

async function measure(kind: (typeof KINDS)[number], env: NodeJS.ProcessEnv): Promise<Sample> {
  const { process: worker } = await waitForLine(
    (onLine) =>
      startNode("scripts/workers.mjs", {
        env,
        args: ["--kind", kind],
        // As every launcher starts the kind (scripts/worker-kinds.mjs).
        nodeArgs: workerNodeOptions(kind, env),
        onLine,
      }),
    (line) => (line.includes('"msg":"workers ready"') ? true : undefined),
    60_000,
  );
  try {
    const readyMb = rssMb(worker.pid) ?? 0;
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    return { readyMb, settledMb: rssMb(worker.pid) ?? 0, peakMb: peakRssMb(worker.pid) ?? 0 };
  } finally {
    await stopChild(worker);
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const loadAverageAtStart = loadavg();
  console.log(`worker RSS benchmark: ${cpus().length} cores, load average ${loadAverageAtStart.join(" ")}`);
  const { databaseUrl, adminUrl } = databaseUrls(DATABASE);
  await recreateDatabase(DATABASE, adminUrl, databaseUrl);
  const redis = await startPrivateRedis();
  const simulatorEnv = { ...process.env, DATABASE_URL: databaseUrl, REDIS_URL: redis.url };
  const simulator = await waitForLine(
    (onLine) => startNode("bench/support/simulator-process.ts", { env: simulatorEnv, onLine }),
    (line) => (line.startsWith('{"url"') ? (JSON.parse(line) as { url: string }).url : undefined),
    30_000,
  );
  const env = { ...simulatorEnv, SIMULATOR_URL: simulator.value, LOG_LEVEL: "info" };
  const samples = new Map<string, Sample[]>(KINDS.map((kind) => [kind, []]));
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const kind of KINDS) samples.get(kind)?.push(await measure(kind, env));
    }
  } finally {
    await stopChild(simulator.process);
    await redis.stop();
  }

  const kinds = Object.fromEntries(
    KINDS.map((kind) => {
      const of = samples.get(kind) ?? [];
      return [
        kind,
        {
          readyMb: Math.round(median(of.map((s) => s.readyMb))),
          settledMb: Math.round(median(of.map((s) => s.settledMb))),
          peakMb: Math.round(median(of.map((s) => s.peakMb))),
        },
      ];
    }),
  );
  for (const [kind, result] of Object.entries(kinds)) {
    console.log(
      `  ${kind.padEnd(8)} ready ${result.readyMb} MB, after ${SETTLE_MS / 1000} s ${result.settledMb} MB, peak ${result.peakMb} MB`,
    );
  }
  await saveResult("worker-rss-latest.json", {
    benchmark: "worker-rss",
    date: new Date().toISOString(),
    node: process.version,
    cores: cpus().length,
    loadAverageAtStart,
    rounds: ROUNDS,
    settleMs: SETTLE_MS,
    kinds,
    durationS: Math.round((Date.now() - started) / 1000),
  });
}

await main();
