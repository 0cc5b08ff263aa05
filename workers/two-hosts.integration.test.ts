import { loadavg } from "node:os";
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type PrivateRedis, startPrivateRedis } from "@/bench/support/private-redis";
import { PrismaClient } from "@/lib/db/generated/client";
import { DEFAULT_LEASE_MS } from "@/lib/publishing/timing";
import { SWEEP_INTERVAL_MS } from "@/lib/queue/timing";
import type { RunningSimulator } from "@/simulators/server";
import { startTcpRelay, type TcpRelay } from "@/test/net/tcp-relay";
import { makeTestHosts, type TestHost, whyNoTestHosts } from "@/test/net/test-hosts";
import * as verdict from "@/test/publishing/burst-verdict";
import { eventually } from "@/test/publishing/pipeline-test-kit";
import { scenarioDatabase } from "@/test/publishing/scenario-database";
import { prepareStoryBurst, startBurstSimulator } from "@/test/publishing/story-burst";
import { startWorkerProcess, summarizeLines, type WorkerProcess } from "@/test/publishing/worker-processes";
import { type MediaServer, startMediaServer } from "@/test/simulators/media-server";

/**
 * Workers on two hosts, one cut off mid-burst (issue 17). Each host is a network namespace joined
 * to this machine by a veth pair (test/net/test-hosts.ts) and runs one real worker process; both
 * share one Postgres (a database of the test's own) and one private Redis, reached through TCP
 * relays on each host's link, and publish to one simulator that records which address each publish
 * came from. A third of the way through a burst, host A's link goes down: its packets vanish, so
 * its connections hang (no reset), and its worker goes on believing it holds its leases, as a
 * machine behind a failed switch would.
 *
 * Host B must finish every target: once A's BullMQ job locks and publish leases run out (6 s),
 * B's stalled-job check and the sweep hand A's targets over, and the lease token fences A out.
 * Then: 0 losses, 0 duplicates in the simulator's ledger, and the lateness of the targets A held
 * at the cut (those whose attempt A opened and could never close) within the crash test's bound
 * for one crash: the lease, a sweep interval and an allowance for a busy two-core machine.
 *
 * Then A's link comes back. Its hung statements and calls go through late, and must change
 * nothing: A finds its leases gone (the attempts it can still close, it closes as "stalled past
 * its lease"), and the ledger and the targets are as B left them. The test waits until nothing
 * is in flight on A's link any more (TCP retransmits with backoff, so that can take about as long
 * as the cut) and A has run a statement since; a write A makes later still is not watched.
 *
 * Not covered: a cut inside one of A's transactions (a roll-up holds its story's row lock for a
 * few milliseconds) would keep that lock until A's connection dies, which Postgres's default TCP
 * keepalive notices only after hours; B's roll-up of that story would wait as long.
 *
 * Skipped, with the reason, where network namespaces cannot be made (not root, no iproute2).
 */
const STORIES = 60;
/** The stories fall due over this span; A is cut at CUT_AT_SHARE of it, while it holds targets. */
const SPREAD_MS = 20_000;
const CUT_AT_SHARE = 1 / 3;
/** Time to schedule the stories before the first is due (each one's dispatch is 1.5 s earlier). */
const FIRST_DUE_AFTER_MS = 12_000;
/** Per-crash bound of the crash test (test/publishing/crash-scenario.ts): the cut is one crash. */
const LOST_P99_LIMIT_MS = DEFAULT_LEASE_MS + SWEEP_INTERVAL_MS + 9_000;

const unavailable = await whyNoTestHosts();
if (unavailable) console.warn(`two-hosts test skipped: ${unavailable}`);

describe.skipIf(unavailable !== undefined)("workers on two hosts", () => {
  const database = scenarioDatabase("hosts");
  let db: PrismaClient;
  let hosts: TestHost[] = [];
  let removeHosts: () => Promise<void> = async () => undefined;
  const relays: TcpRelay[] = [];
  let redis: PrivateRedis;
  let simulator: RunningSimulator;
  let media: MediaServer;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    await database.create();
    db = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url, max: 4 }) });
    ({ hosts, remove: removeHosts } = await makeTestHosts(2));
    redis = await startPrivateRedis();
    // On every address, so the hosts reach it over their own links and the ledger sees theirs.
    simulator = await startBurstSimulator("0.0.0.0");
    media = await startMediaServer();
  }, 60_000);

  afterAll(async () => {
    for (const worker of workers) worker.node.child.kill("SIGKILL");
    await Promise.all(workers.map((worker) => worker.node.exited));
    await Promise.all(relays.map((relay) => relay.close()));
    await removeHosts();
    await Promise.all([simulator?.close(), media?.close(), redis?.stop()]);
    await db?.$disconnect();
    await database.drop();
  }, 60_000);

  /** The database through `host`'s relay; its sessions carry the host's name, so pg_stat_activity tells them apart. */
  function databaseUrlOn(host: TestHost, relayPort: number): string {
    const url = Object.assign(new URL(database.url), { hostname: host.gateway, port: String(relayPort) });
    url.searchParams.set("application_name", host.name);
    return url.toString();
  }

  /** A worker process on `host`, which reaches Postgres and Redis through relays on its link. */
  async function startWorkerOn(host: TestHost, logged: string[]): Promise<WorkerProcess> {
    const databaseUrl = new URL(database.url);
    const redisUrl = new URL(redis.url);
    const postgresRelay = await startTcpRelay(
      { host: host.gateway },
      { host: databaseUrl.hostname, port: Number(databaseUrl.port || 5432) },
    );
    const redisRelay = await startTcpRelay(
      { host: host.gateway },
      { host: redisUrl.hostname, port: Number(redisUrl.port) },
    );
    relays.push(postgresRelay, redisRelay);
    const worker = startWorkerProcess({
      launcher: host.launcher,
      logged,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrlOn(host, postgresRelay.port),
        REDIS_URL: Object.assign(redisUrl, {
          hostname: host.gateway,
          port: String(redisRelay.port),
        }).toString(),
        SIMULATOR_URL: `http://${host.gateway}:${simulator.port}`,
        // The simulator fetches the media, from this machine: 127.0.0.1 is right for it.
        PUBLIC_BASE_URL: media.url(""),
        LOG_LEVEL: "info",
        WORKER_PUBLISH_CONCURRENCY: "30",
      },
    });
    workers.push(worker);
    return worker;
  }

  test(`${STORIES} stories × 3 channels: host A cut off mid-burst, host B publishes every target exactly once`, async () => {
    const started = Date.now();
    const simulatorUrl = `http://127.0.0.1:${simulator.port}`;
    const [hostA, hostB] = hosts as [TestHost, TestHost];
    // The workers start (bundling, connecting) while the burst's brands and media are made: no
    // story exists before schedule(), so they have nothing to pick up early.
    const loggedA: string[] = [];
    const loggedB: string[] = [];
    const workerA = await startWorkerOn(hostA, loggedA);
    const workerB = await startWorkerOn(hostB, loggedB);
    const { workspace, frames, schedule } = await prepareStoryBurst({
      db,
      media,
      simulatorUrl,
      stories: STORIES,
      spreadMs: SPREAD_MS,
      firstDueAfterMs: FIRST_DUE_AFTER_MS,
    });
    await eventually(
      async () => workerA.ready && workerB.ready,
      (ready) => ready,
      60_000,
    );
    const readyAt = Date.now();
    const { firstDueAt, leastAheadMs } = await schedule(redis.url);
    console.log(
      `two hosts: prepared and workers ready in ${verdict.seconds(readyAt - started)}, scheduled in ${verdict.seconds(Date.now() - readyAt)}`,
    );
    expect(leastAheadMs, "scheduling took too long").toBeGreaterThan(2_000);

    await new Promise((resolve) => setTimeout(resolve, firstDueAt + CUT_AT_SHARE * SPREAD_MS - Date.now()));
    await hostA.cut();
    const cutAt = Date.now();

    // A's targets come back once its job locks and leases have run out (6 s), then B publishes
    // them; the rest of the burst is B's alone.
    await verdict.untilTargetsSettle(db, workspace.id, 60_000);
    const settledAt = Date.now();
    const { targets, states, unpublished } = await verdict.loadBurstTargets(db, workspace.id);
    const ledger = await verdict.readBurstLedger(simulatorUrl, frames);
    // Only A can have left an attempt open: B closes each of its own when its run ends.
    const lost = targets.filter((t) => t.attempts.length > 0);
    const lostLateness = lost.map(ledger.latenessOf).sort((a, b) => a - b);
    const allLateness = targets.map(ledger.latenessOf).sort((a, b) => a - b);
    const publishedBy = (host: TestHost) => ledger.entries.filter((e) => e.callerAddress === host.address);
    console.log(
      `two hosts: host A cut ${verdict.seconds(cutAt - firstDueAt)} after the first due time; ` +
        `${lost.length} targets A held at the cut: lateness ${verdict.figures(lostLateness)}; ` +
        `all ${allLateness.length} targets: ${verdict.figures(allLateness)}; ` +
        `everything settled ${verdict.seconds(settledAt - cutAt)} after the cut; ` +
        `load average ${loadavg()
          .map((l) => l.toFixed(2))
          .join(" ")}`,
    );
    console.log(
      `two hosts: ${targets.length} targets, states ${JSON.stringify(states)}, ledger ${ledger.entries.length} ` +
        `of ${frames.length} frames (missing ${ledger.missing}, duplicates ${ledger.duplicates}), ` +
        `published by A ${publishedBy(hostA).length}, by B ${publishedBy(hostB).length}, ` +
        `worker start-up A ${verdict.seconds(workerA.startupMs ?? Number.NaN)} B ${verdict.seconds(workerB.startupMs ?? Number.NaN)}`,
    );
    if (loggedB.length > 0) console.log(`host B's warnings:\n${summarizeLines(loggedB)}`);
    if (unpublished.size > 0) console.log([...unpublished].map(([why, n]) => `  ${n} × ${why}`).join("\n"));

    expect(targets.length).toBe(STORIES * 3);
    expect(states, loggedB.slice(-3).join("\n")).toEqual({ PUBLISHED: targets.length });
    expect({ missing: ledger.missing, duplicates: ledger.duplicates, ledger: ledger.entries.length }).toEqual(
      {
        missing: 0,
        duplicates: 0,
        ledger: frames.length,
      },
    );
    // Both hosts worked before the cut, and the cut landed while A held targets.
    expect(publishedBy(hostA).length).toBeGreaterThan(0);
    expect(publishedBy(hostA).length + publishedBy(hostB).length).toBe(ledger.entries.length);
    expect(lost.length).toBeGreaterThan(0);
    expect(verdict.percentile(lostLateness, 99)).toBeLessThanOrEqual(LOST_P99_LIMIT_MS);

    // A comes back. Whatever of its hung statements and calls still arrives, and what it sends
    // now, finds other tokens on its targets and frames already published.
    const restoredAt = new Date();
    await hostA.restore();
    // Back means: every byte either side wrote before or during the cut has arrived, and A has run
    // a statement since, so its late writes and its first reactions to its lost leases are all in.
    // TCP's retransmission backoff doubles, so the next try can come about as long after the
    // restore as the cut lasted: a run measured 28 s after a 27 s cut on a loaded machine.
    const backAfterMs = await eventually(
      async () => {
        const rows = await db.$queryRaw<{ n: number }[]>`
          SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE application_name = ${hostA.name} AND state_change > ${restoredAt}`;
        return { statements: rows[0]?.n ?? 0, inFlight: await hostA.bytesInFlight() };
      },
      ({ statements, inFlight }) => statements > 0 && inFlight === 0,
      restoredAt.getTime() - cutAt + 20_000,
    ).then(() => Date.now() - restoredAt.getTime());
    const lostAttempts = lost.flatMap((t) => t.attempts.map((a) => a.id));
    const after = await verdict.loadBurstTargets(db, workspace.id);
    const ledgerAfter = await verdict.readBurstLedger(simulatorUrl, frames);
    const closedByA = await db.publishAttempt.count({
      where: { id: { in: lostAttempts }, outcome: { not: "IN_PROGRESS" } },
    });
    console.log(
      `two hosts: A was back (nothing in flight on its link, a statement of its own run) ${verdict.seconds(backAfterMs)} after its link came back, ${verdict.seconds(restoredAt.getTime() - cutAt)} after the cut ` +
        `(${closedByA} of the ${lostAttempts.length} attempts it left open closed by then); ` +
        `states ${JSON.stringify(after.states)}, ledger ${ledgerAfter.entries.length} (duplicates ${ledgerAfter.duplicates}); ` +
        `${verdict.seconds(Date.now() - started)} in all\nhost A's warnings:\n${summarizeLines(loggedA)}`,
    );
    expect(after.states).toEqual({ PUBLISHED: targets.length });
    expect({
      duplicates: ledgerAfter.duplicates,
      ledger: ledgerAfter.entries.length,
      // By arrival (a Facebook video goes live after its call): since B had published every
      // frame, anything from A now would be a second publish, and also a duplicate above.
      fromAAfterRestore: ledgerAfter.entries.filter(
        (e) => e.callerAddress === hostA.address && e.receivedAt >= restoredAt.getTime(),
      ).length,
    }).toEqual({ duplicates: 0, ledger: frames.length, fromAAfterRestore: 0 });
  }, 240_000);
});
