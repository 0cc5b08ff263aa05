import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === "string") throw new Error("no free port");
  return address.port;
}

/** A short-lived client that fails fast instead of queueing commands while Redis is away. */
function oneShot(url: string): Redis {
  return new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
}

/**
 * A redis-server of our own on a free port, in a temporary directory and without persistence,
 * so a test can restart it (losing everything, as a crashed Redis without AOF does) and flush it
 * without touching anybody else's queues.
 */
export async function startPrivateRedis() {
  const dir = await mkdtemp(join(tmpdir(), "storyrelay-redis-"));
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let server: ChildProcess | undefined;

  const launch = async () => {
    server = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no"],
      { stdio: "ignore" },
    );
    const deadline = Date.now() + 10_000;
    for (;;) {
      const client = oneShot(url);
      client.on("error", () => undefined);
      try {
        await client.connect();
        if ((await client.ping()) === "PONG") return;
      } catch {
        if (Date.now() > deadline) throw new Error(`redis-server on :${port} did not answer within 10 s`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      } finally {
        client.disconnect();
      }
    }
  };

  const shutdown = async () => {
    const running = server;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once("exit", resolve));
    const client = oneShot(url);
    client.on("error", () => undefined);
    // The connection drops as the server exits, so the command itself never answers.
    await client
      .connect()
      .then(() => client.call("SHUTDOWN", "NOSAVE"))
      .catch(() => undefined);
    client.disconnect();
    await exited;
  };

  await launch();
  return {
    url,
    /** SHUTDOWN NOSAVE and start again on the same port: every key is gone. */
    async restart() {
      await shutdown();
      await launch();
    },
    async flush() {
      const client = oneShot(url);
      await client.connect();
      await client.flushdb();
      client.disconnect();
    },
    async stop() {
      await shutdown();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export type PrivateRedis = Awaited<ReturnType<typeof startPrivateRedis>>;
