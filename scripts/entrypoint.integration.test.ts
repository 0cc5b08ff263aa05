import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { env } from "@/lib/env";
import { allQueueNames } from "@/lib/queue/all-queues";
import { QUEUES } from "@/lib/queue/queues";
import { waitUntil } from "@/test/assert/wait-until";

// The image's entrypoint, run outside Docker (no image can be built here) against this run's
// Postgres and Redis: each command must start its own process, and anything else be refused.
const root = path.resolve(import.meta.dirname, "..");
const entrypoint = path.join(root, "docker/entrypoint.sh");

type Run = { child: ChildProcess; output: () => string; exited: Promise<number | null> };
const running: Run[] = [];

function run(args: string[], extraEnv: Record<string, string> = {}): Run {
  let output = "";
  const child = spawn("sh", [entrypoint, ...args], {
    // From elsewhere on purpose: the script must find the application from its own location.
    cwd: "/",
    env: {
      ...process.env,
      DATABASE_URL: env().DATABASE_URL,
      REDIS_URL: env().REDIS_URL,
      LOG_LEVEL: "info",
      ...extraEnv,
    },
    detached: true,
  });
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const handle = { child, output: () => output, exited };
  running.push(handle);
  return handle;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The queues a worker process's "workers ready" line names, once it has been read. */
function readyQueues(handle: Run): Promise<string[]> {
  return waitUntil(
    async () => {
      const line = handle
        .output()
        .split("\n")
        .find((text) => text.includes('"msg":"workers ready"'));
      return line ? (JSON.parse(line) as { queues: string[] }).queues : undefined;
    },
    { timeoutMs: 10_000, what: 'a "workers ready" line', intervalMs: 100 },
  );
}

/** Waits until `url` answers 200. */
function until(url: string, timeoutMs: number): Promise<true> {
  return waitUntil(
    async () => {
      try {
        return (await fetch(url)).ok || undefined;
      } catch {
        return undefined;
      }
    },
    { timeoutMs, what: `${url} to answer 200`, intervalMs: 250 },
  );
}

afterEach(async () => {
  for (const handle of running.splice(0)) {
    if (handle.child.exitCode === null && handle.child.pid) {
      // The process group we started (next start, the workers' bundle run as our child's children).
      process.kill(-handle.child.pid, "SIGTERM");
      await handle.exited;
    }
  }
});

describe("docker/entrypoint.sh", () => {
  it("refuses an unknown command, and no command, naming the ones it knows", async () => {
    const known = "web, workers, publish-workers, media-workers, simulators or migrate.";
    const unknown = run(["webb"]);
    expect(await unknown.exited).toBe(64);
    expect(unknown.output()).toContain(`unknown command "webb": use ${known}`);
    const none = run([]);
    expect(await none.exited).toBe(64);
    expect(none.output()).toContain(`say which process to run: ${known}`);
  });

  it("migrate applies the migrations and exits", async () => {
    const migrate = run(["migrate"]);
    expect(await migrate.exited).toBe(0);
    expect(migrate.output()).toMatch(/No pending migrations|successfully applied/);
  }, 60_000);

  it("simulators and workers start their processes: the simulators answer, the workers' ops server is ready", async () => {
    const simulatorPort = await freePort();
    const simulators = run(["simulators"], {
      SIMULATOR_PORT: String(simulatorPort),
      SIMULATOR_HOST: "127.0.0.1",
    });
    await until(`http://127.0.0.1:${simulatorPort}/_sim/ledger`, 30_000);
    expect(simulators.output()).toContain("simulators listening");

    const opsPort = await freePort();
    const workers = run(["workers"], {
      SIMULATOR_URL: `http://127.0.0.1:${simulatorPort}`,
      WORKER_METRICS_PORT: String(opsPort),
    });
    await until(`http://127.0.0.1:${opsPort}/health/ready`, 60_000);
    expect(workers.output()).toContain("workers ready");
    process.kill(-(workers.child.pid ?? 0), "SIGTERM");
    // The workers' own lines say why, should a shutdown ever end otherwise.
    expect(await workers.exited, workers.output().slice(-4_000)).toBe(0);
  }, 120_000);

  it("publish-workers and media-workers start one kind each, and together consume every queue", async () => {
    const simulatorPort = await freePort();
    run(["simulators"], { SIMULATOR_PORT: String(simulatorPort), SIMULATOR_HOST: "127.0.0.1" });
    await until(`http://127.0.0.1:${simulatorPort}/_sim/ledger`, 30_000);
    const kinds = await Promise.all(
      ["publish-workers", "media-workers"].map(async (command) => {
        const opsPort = await freePort();
        const handle = run([command], {
          SIMULATOR_URL: `http://127.0.0.1:${simulatorPort}`,
          WORKER_METRICS_PORT: String(opsPort),
        });
        await until(`http://127.0.0.1:${opsPort}/health/ready`, 60_000);
        return { command, handle, queues: await readyQueues(handle) };
      }),
    );
    const [publish, media] = kinds;
    expect(publish?.queues).toContain(QUEUES.dispatch);
    expect(publish?.queues).not.toContain(QUEUES.media);
    expect(media?.queues).toContain(QUEUES.media);
    expect(media?.queues).not.toContain(QUEUES.dispatch);
    const consumed = kinds.flatMap((kind) => kind.queues).sort();
    expect(consumed).toEqual(allQueueNames(env().PUBLISH_QUEUE_SHARDS).sort());
    for (const { command, handle } of kinds) {
      process.kill(-(handle.child.pid ?? 0), "SIGTERM");
      expect(await handle.exited, `${command}: ${handle.output().slice(-4_000)}`).toBe(0);
    }
  }, 120_000);

  it("web serves the production build, or says there is none", async () => {
    const port = await freePort();
    const web = run(["web"], { PORT: String(port) });
    if (existsSync(path.join(root, ".next/BUILD_ID"))) {
      await until(`http://127.0.0.1:${port}/api/health/live`, 60_000);
    } else {
      expect(await web.exited).toBe(1);
      expect(web.output()).toContain("no production build in .next");
    }
  }, 90_000);
});
