import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Redis } from "ioredis";

const run = promisify(execFile);

/** True when redis-server and redis-cli can be run here (the Cluster and Sentinel tests need both). */
export async function haveRedisBinaries(): Promise<boolean> {
  try {
    await run("redis-server", ["--version"]);
    await run("redis-cli", ["--version"]);
    return true;
  } catch {
    return false;
  }
}

/** A short-lived client that fails fast instead of queueing commands while a server is away. */
function oneShot(port: number): Redis {
  const client = new Redis({
    host: "127.0.0.1",
    port,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on("error", () => undefined);
  return client;
}

async function ask(port: number, ...command: string[]): Promise<string> {
  const client = oneShot(port);
  try {
    await client.connect();
    return String(await client.call(command[0] ?? "PING", ...command.slice(1)));
  } finally {
    client.disconnect();
  }
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what} not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Starts a redis-server with these arguments in `dir`; resolves once it answers PING. */
async function launch(dir: string, port: number, args: string[]): Promise<ChildProcess> {
  const server = spawn(
    "redis-server",
    [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--dir",
      dir,
      "--save",
      "",
      "--appendonly",
      "no",
      ...args,
    ],
    { stdio: "ignore" },
  );
  await until(`redis-server on :${port} answering`, async () => (await ask(port, "PING")) === "PONG", 10_000);
  return server;
}

/**
 * A real Redis Cluster of 3 masters and 3 replicas on `ports` (six of them), in a temporary
 * directory and without persistence, made with `redis-cli --cluster create`. A short
 * cluster-node-timeout makes a replica take over a killed master within a few seconds.
 */
export async function startRedisCluster(ports: readonly number[], nodeTimeoutMs = 1_000) {
  if (ports.length !== 6) throw new Error("a cluster of 3 masters and 3 replicas needs 6 ports");
  const dir = await mkdtemp(join(tmpdir(), "storyrelay-cluster-"));
  const servers = new Map<number, ChildProcess>();
  const stopAll = async () => {
    for (const server of servers.values()) if (server.exitCode === null) server.kill("SIGKILL");
    await rm(dir, { recursive: true, force: true });
  };
  try {
    for (const port of ports) {
      if (await ask(port, "PING").catch(() => null))
        throw new Error(`port ${port} already has a Redis: another cluster test running?`);
      servers.set(
        port,
        await launch(dir, port, [
          "--cluster-enabled",
          "yes",
          "--cluster-config-file",
          `nodes-${port}.conf`,
          "--cluster-node-timeout",
          String(nodeTimeoutMs),
          "--dbfilename",
          `dump-${port}.rdb`,
        ]),
      );
    }
    await run("redis-cli", [
      "--cluster",
      "create",
      ...ports.map((port) => `127.0.0.1:${port}`),
      "--cluster-replicas",
      "1",
      "--cluster-yes",
    ]);
    await until(
      "cluster state ok on every node",
      async () => {
        for (const port of ports)
          if (!(await ask(port, "CLUSTER", "INFO")).includes("cluster_state:ok")) return false;
        return true;
      },
      30_000,
    );
  } catch (error) {
    await stopAll();
    throw error;
  }

  /** The ports of the nodes that are masters now, as a live node sees it. */
  const masters = async (): Promise<number[]> => {
    const live = [...servers].find(([, server]) => server.exitCode === null && !server.killed)?.[0];
    if (live === undefined) return [];
    return (await ask(live, "CLUSTER", "NODES"))
      .split("\n")
      .map((line) => line.split(" "))
      .filter(([, , flags = ""]) => {
        const set = flags.split(",");
        return set.includes("master") && !set.some((flag) => flag.startsWith("fail"));
      })
      .map(([, address = ""]) => Number(address.split(":")[1]?.split("@")[0]));
  };

  return {
    nodes: ports.map((port) => ({ host: "127.0.0.1", port })),
    /** REDIS_CLUSTER_NODES for the processes under test. */
    seeds: ports.map((port) => `127.0.0.1:${port}`).join(","),
    masters,
    /**
     * SIGKILLs one master and waits until a replica has taken over its slots and every live node
     * says the cluster is ok again; returns the killed port and the time that took.
     */
    async killMaster(): Promise<{ port: number; recoveredInMs: number }> {
      const [port] = await masters();
      const server = port === undefined ? undefined : servers.get(port);
      if (port === undefined || !server) throw new Error("no master to kill");
      const killedAt = Date.now();
      server.kill("SIGKILL");
      const live = ports.filter((p) => p !== port);
      await until(
        "a replica promoted and the cluster ok again",
        async () => {
          for (const p of live)
            if (!(await ask(p, "CLUSTER", "INFO")).includes("cluster_state:ok")) return false;
          const now = await masters();
          return now.length === 3 && !now.includes(port);
        },
        60_000,
      );
      return { port, recoveredInMs: Date.now() - killedAt };
    },
    stop: stopAll,
  };
}

/**
 * One master, one replica and `sentinelPorts.length` Sentinels watching it as `name`, on the
 * given ports, with timeouts short enough for a failover within seconds.
 */
export async function startRedisSentinels(
  options: { masterPort: number; replicaPort: number; sentinelPorts: readonly number[] },
  name = "storyrelay",
) {
  const dir = await mkdtemp(join(tmpdir(), "storyrelay-sentinel-"));
  const servers: ChildProcess[] = [];
  const stopAll = async () => {
    for (const server of servers) if (server.exitCode === null) server.kill("SIGKILL");
    await rm(dir, { recursive: true, force: true });
  };
  let master: ChildProcess;
  try {
    for (const port of [options.masterPort, options.replicaPort, ...options.sentinelPorts])
      if (await ask(port, "PING").catch(() => null))
        throw new Error(`port ${port} already has a Redis: another Sentinel test running?`);
    master = await launch(dir, options.masterPort, ["--dbfilename", "master.rdb"]);
    servers.push(master);
    servers.push(
      await launch(dir, options.replicaPort, [
        "--dbfilename",
        "replica.rdb",
        "--replicaof",
        "127.0.0.1",
        String(options.masterPort),
      ]),
    );
    for (const port of options.sentinelPorts) {
      // A Sentinel rewrites its configuration file, so each gets one of its own.
      const config = join(dir, `sentinel-${port}.conf`);
      await writeFile(
        config,
        [
          `port ${port}`,
          "bind 127.0.0.1",
          `sentinel monitor ${name} 127.0.0.1 ${options.masterPort} 1`,
          `sentinel down-after-milliseconds ${name} 1000`,
          `sentinel failover-timeout ${name} 5000`,
          `sentinel parallel-syncs ${name} 1`,
          "",
        ].join("\n"),
      );
      const sentinel = spawn("redis-server", [config, "--sentinel"], { stdio: "ignore" });
      servers.push(sentinel);
      await until(`sentinel on :${port} answering`, async () => (await ask(port, "PING")) === "PONG", 10_000);
    }
    await until(
      "the replica in sync",
      async () => (await ask(options.replicaPort, "INFO", "replication")).includes("master_link_status:up"),
      20_000,
    );
  } catch (error) {
    await stopAll();
    throw error;
  }
  return {
    name,
    sentinels: options.sentinelPorts.map((port) => ({ host: "127.0.0.1", port })),
    seeds: options.sentinelPorts.map((port) => `127.0.0.1:${port}`).join(","),
    /** SIGKILLs the master and waits until the Sentinels name the replica; returns the time taken. */
    async killMaster(): Promise<{ recoveredInMs: number }> {
      const killedAt = Date.now();
      master.kill("SIGKILL");
      await until(
        "the Sentinels promoting the replica",
        async () => {
          const client = oneShot(options.sentinelPorts[0] ?? 0);
          try {
            await client.connect();
            const [, port] = (await client.call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", name)) as [
              string,
              string,
            ];
            return Number(port) === options.replicaPort;
          } finally {
            client.disconnect();
          }
        },
        30_000,
      );
      return { recoveredInMs: Date.now() - killedAt };
    },
    stop: stopAll,
  };
}
