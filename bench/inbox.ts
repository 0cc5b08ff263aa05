/**
 * Receiving the inbox's webhooks under load: does Meta get its 200 fast, does every message land
 * once, and how long until it is in the database?
 *
 *   npm run bench:inbox [-- --seconds 60 --rate 200 --accounts 50 --duplicates 0.05]
 *
 * Recreates a database of its own (storyrelay_bench_inbox) with one workspace and `--accounts`
 * sandbox Instagram channels, starts a private Redis, serves the real Meta webhook route
 * (app/api/webhooks/meta/route.ts) over HTTP on 127.0.0.1 in a child process as `next start` would
 * hand it requests (bench/support/inbox-route-process.ts), and runs the inbox worker in another
 * (bench/support/inbox-worker-process.ts). It then
 * posts `--rate` signed messaging deliveries a second for `--seconds` (text messages and story
 * replies from 1,000 people across the accounts, each person's first message costing a profile
 * read from the in-process simulator; a `--duplicates` share are exact re-sends of an
 * earlier delivery, as Meta retries), and waits until the worker has filed them all.
 *
 * Reports the acknowledgement time (request → 200, p50/p95/p99; target p99 ≤ 50 ms), the time
 * until each message's row exists (the delivery's send → Message.createdAt, which is inside the
 * filing transaction: commit follows within a query), and lost / doubled messages (target 0 and 0:
 * rows per unique mid). Prints a table and, as the last line, one JSON object; saves
 * bench/results/inbox-latest.json.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { cpus, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { webhookSignature } from "@/lib/insights/webhook-signature";
import { SANDBOX_APP } from "@/lib/oauth/login-endpoints";
import { argument, databaseUrls, recreateDatabase } from "./support/bench-database";
import { startPrivateRedis } from "./support/private-redis";
import { startNode, stopChild, waitForLine } from "./support/processes";
import { saveResult } from "./support/save-result";
import { distribution, round1 } from "./support/stats";

const DATABASE = "storyrelay_bench_inbox";
const SECONDS = Number(argument("--seconds") ?? 60);
const RATE = Number(argument("--rate") ?? 200);
const ACCOUNTS = Number(argument("--accounts") ?? 50);
const DUPLICATES = Number(argument("--duplicates") ?? 0.05);
const ACK_TARGET_P99_MS = 50;
const TICK_MS = 20;
/** `--no-worker`: acknowledgements alone, with nothing filing the deliveries (isolates the route). */
const NO_WORKER = process.argv.includes("--no-worker");

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
  console.log(`inbox benchmark: ${cpus().length} cores, load average ${loadavg().map(round1).join(" ")}`);
  console.log(
    `  database ${DATABASE} (recreated), ${ACCOUNTS} accounts, ${RATE} deliveries/s for ${SECONDS} s, ${DUPLICATES * 100}% re-sent`,
  );
  await recreateDatabase(DATABASE, adminUrl, databaseUrl);

  // Imported after the env is set: these read it on first use.
  const { db, disconnectDb } = await import("@/lib/db/client");
  const { env } = await import("@/lib/env");
  const { secretBoxFromEnv } = await import("@/lib/crypto/secret-box");
  const { makeBrand, makeSandboxChannels, makeWorkspace } = await import("@/prisma/factories");

  // The sandbox platforms, for the worker's profile reads of new people (never the lead's :4100).
  const { startSimulator } = await import("@/simulators/server");
  const { registerSandboxAccounts } = await import("@/lib/channels/register-sandbox-accounts");
  const { createLogger } = await import("@/lib/logger");
  const sim = await startSimulator({ port: 0 });
  process.env.SIMULATOR_URL = sim.url;

  const { workspace } = await makeWorkspace(db());
  const box = secretBoxFromEnv(env());
  const accounts: string[] = [];
  for (let i = 0; i < ACCOUNTS; i++) {
    const brand = await makeBrand(db(), workspace.id);
    const [channel] = await makeSandboxChannels(db(), box, brand, ["INSTAGRAM"]);
    if (channel) accounts.push(channel.externalAccountId);
  }

  await registerSandboxAccounts({
    db: db(),
    box,
    simulatorUrl: sim.url,
    logger: createLogger("bench", "warn"),
  });
  const worker = NO_WORKER
    ? undefined
    : await waitForLine(
        (onLine) =>
          startNode("bench/support/inbox-worker-process.ts", {
            env: { ...process.env },
            onLine,
            // BENCH_CPU_PROF=<dir>: a CPU profile of the worker, to see where filing a message goes.
            ...(process.env.BENCH_CPU_PROF
              ? { nodeArgs: ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] }
              : {}),
          }),
        (line) => (line.includes("inbox worker ready") ? true : undefined),
        60_000,
      );
  const routeProcess = await waitForLine(
    (onLine) => startNode("bench/support/inbox-route-process.ts", { env: { ...process.env }, onLine }),
    (line) => (line.startsWith("route ") ? line.slice("route ".length).trim() : undefined),
    60_000,
  );
  const route = { url: routeProcess.value };

  const acks: number[] = [];
  const failures: string[] = [];
  const sentAt = new Map<string, number>();
  const bodies: string[] = [];
  let sent = 0;
  let resent = 0;

  const post = async (body: string) => {
    const started = performance.now();
    try {
      const response = await fetch(route.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-hub-signature-256": webhookSignature(body, SANDBOX_APP.secret),
        },
        body,
      });
      await response.arrayBuffer();
      acks.push(performance.now() - started);
      if (response.status !== 200) failures.push(`HTTP ${response.status}`);
    } catch (error) {
      failures.push(
        error instanceof Error ? `${error.message}: ${String(error.cause ?? "")}` : String(error),
      );
    }
  };

  const delivery = (n: number) => {
    const account = accounts[n % accounts.length] ?? "";
    const mid = `mid.bench.${randomUUID()}`;
    const timestamp = Date.now();
    sentAt.set(mid, timestamp);
    const message =
      n % 5 === 0
        ? {
            mid,
            text: "😍",
            reply_to: { story: { id: String(17_900_000_000_000_000n + BigInt(n)), url: "x" } },
          }
        : { mid, text: `Message ${n}: is this still available in blue?` };
    return JSON.stringify({
      object: "instagram",
      entry: [
        {
          id: account,
          time: timestamp,
          messaging: [
            { sender: { id: String(900_000 + (n % 1000)) }, recipient: { id: account }, timestamp, message },
          ],
        },
      ],
    });
  };

  // Warm-up, untimed: the route's first requests load its modules and open its connections.
  for (let i = 0; i < 50; i++) await post(delivery(1_000_000 + i));
  acks.length = 0;

  const pending: Promise<void>[] = [];
  const total = RATE * SECONDS;
  const perTick = (RATE * TICK_MS) / 1000;
  const start = performance.now();
  let due = 0;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * RATE) + perTick);
      while (sent + resent < due) {
        const again = bodies.length > 10 && Math.random() < DUPLICATES;
        const body = again ? (bodies[Math.floor(Math.random() * bodies.length)] ?? "") : delivery(sent);
        if (again) resent++;
        else {
          bodies.push(body);
          sent++;
        }
        pending.push(post(body));
      }
      if (sent + resent >= total) {
        clearInterval(timer);
        resolve();
      }
    }, TICK_MS);
  });
  await Promise.all(pending);
  const sendingSeconds = (performance.now() - start) / 1000;

  // Wait for the worker to file everything (or to stop making progress for 30 s).
  let stored = 0;
  if (NO_WORKER) sentAt.clear();
  let lastProgress = Date.now();
  for (;;) {
    const count = await db().message.count();
    if (count !== stored) lastProgress = Date.now();
    stored = count;
    if (stored >= sentAt.size || Date.now() - lastProgress > 30_000) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const rows = await db().message.findMany({ select: { externalId: true, createdAt: true } });
  const visible: number[] = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    if (!row.externalId) continue;
    seen.set(row.externalId, (seen.get(row.externalId) ?? 0) + 1);
    const at = sentAt.get(row.externalId);
    if (at !== undefined) visible.push(row.createdAt.getTime() - at);
  }
  const lost = [...sentAt.keys()].filter((mid) => !seen.has(mid)).length;
  const doubled = [...seen.values()].filter((n) => n > 1).length;
  const failedDeliveries = await db().inboundDelivery.count({ where: { state: "FAILED" } });

  const ack = distribution(acks);
  const toRow = distribution(visible);
  const result = {
    bench: "inbox",
    at: new Date().toISOString(),
    cores: cpus().length,
    seconds: SECONDS,
    rate: RATE,
    achievedRate: round1((sent + resent) / sendingSeconds),
    deliveries: sent + resent,
    resent,
    uniqueMessages: sentAt.size,
    acknowledgementMs: ack,
    ackTargetP99Ms: ACK_TARGET_P99_MS,
    ackWithinTarget: ack.p99 <= ACK_TARGET_P99_MS,
    receivedToRowMs: toRow,
    stored: rows.length,
    lost,
    doubled,
    refusedOrFailedRequests: failures.length,
    firstFailure: failures[0] ?? null,
    failedDeliveries,
  };
  console.log("");
  console.log(`  sent ${result.deliveries} deliveries (${resent} re-sent) at ${result.achievedRate}/s`);
  console.log(
    `  acknowledgement   p50 ${ack.p50} ms  p95 ${ack.p95} ms  p99 ${ack.p99} ms  max ${ack.max} ms  (target p99 ≤ ${ACK_TARGET_P99_MS} ms)`,
  );
  console.log(
    `  received → row    p50 ${toRow.p50} ms  p95 ${toRow.p95} ms  p99 ${toRow.p99} ms  max ${toRow.max} ms`,
  );
  console.log(
    `  messages ${rows.length} of ${sentAt.size} unique: lost ${lost}, doubled ${doubled}; failed requests ${failures.length}`,
  );
  await saveResult("inbox-latest.json", result);

  await stopChild(routeProcess.process);
  if (worker) await stopChild(worker.process);
  await disconnectDb();
  await sim.close();
  await redis.stop();
  if (lost > 0 || doubled > 0 || failures.length > 0) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
