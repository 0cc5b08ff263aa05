// Step 4: a Redis server. Same order as Postgres: REDIS_URL, a server on 127.0.0.1:6379, or a
// redis-server of our own under .data/redis. Runs after `npm ci`, so it uses `ioredis`.
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { run, which } from "./exec.mjs";
import { BootstrapError, warn } from "./log.mjs";
import { DATA_DIR, ROOT } from "./paths.mjs";
import { aptInstall, canAptInstall, isDebianLike, isPortOpen, waitFor } from "./system.mjs";
import { redactUrl, redisUrl } from "./urls.mjs";

const DEFAULT_PORT = 6379;
export const LOCAL_PORT = Number(process.env.STORYRELAY_REDIS_PORT || 63799);
export const LOCAL_DIR = path.join(DATA_DIR, "redis");

/**
 * @typedef {object} RedisChoice
 * @property {string} url the server, logical database 0 (callers pick their database)
 * @property {string} description what was chosen, for the user
 * @property {boolean} local whether it is the project-local server under .data/
 * @property {boolean} startedHere whether this run started it
 */

/**
 * Connects, runs `inspect` and disconnects. Resolves to inspect's result, or the connection error.
 * @template T
 * @param {string} url
 * @param {(client: import("ioredis").Redis) => Promise<T>} inspect
 * @returns {Promise<{ ok: true, value: T } | { ok: false, error: Error }>}
 */
async function withRedis(url, inspect) {
  const { Redis } = await import("ioredis");
  // No retries, no offline queue: we want a yes or no now, not a client that waits forever.
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 3000,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  /** @type {Error | undefined} */
  let lastError;
  client.on("error", (error) => {
    lastError = error;
  });
  try {
    await client.connect();
    return { ok: true, value: await inspect(client) };
  } catch (error) {
    return { ok: false, error: lastError ?? /** @type {Error} */ (error) };
  } finally {
    client.disconnect();
  }
}

/**
 * BullMQ needs Redis to keep every key; an evicting policy silently loses jobs.
 * @param {import("ioredis").Redis} client
 * @param {string} where
 */
async function warnUnlessNoeviction(client, where) {
  try {
    const [, policy] = /** @type {string[]} */ (await client.config("GET", "maxmemory-policy"));
    if (policy && policy !== "noeviction") {
      warn(
        `Redis at ${where} has maxmemory-policy "${policy}"; BullMQ needs "noeviction" or queued jobs can be lost. ` +
          "Set it with: redis-cli CONFIG SET maxmemory-policy noeviction",
      );
    }
  } catch {
    // Managed services often disable CONFIG; nothing to check then.
  }
}

/**
 * @param {{ configuredUrl?: string, configuredBy?: string, forceLocal: boolean }} options
 * @returns {Promise<RedisChoice>}
 */
export async function ensureRedis({ configuredUrl, configuredBy = "REDIS_URL", forceLocal }) {
  if (configuredUrl) {
    const result = await withRedis(configuredUrl, (client) =>
      warnUnlessNoeviction(client, redactUrl(configuredUrl)),
    );
    if (!result.ok) {
      throw new BootstrapError(
        `Cannot reach Redis at ${redactUrl(configuredUrl)} (from ${configuredBy}): ${result.error.message}\n` +
          `Start that server or correct ${configuredBy} (in .env or the shell). Without it, StoryRelay ` +
          "uses a server on 127.0.0.1:6379 or starts its own.",
      );
    }
    return {
      url: configuredUrl,
      description: `using ${redactUrl(configuredUrl)} (${configuredBy})`,
      local: false,
      startedHere: false,
    };
  }
  const defaultUrl = redisUrl({ port: DEFAULT_PORT });
  if (!forceLocal) {
    const found = await withRedis(defaultUrl, (client) =>
      warnUnlessNoeviction(client, `127.0.0.1:${DEFAULT_PORT}`),
    );
    if (found.ok)
      return {
        url: defaultUrl,
        description: `found 127.0.0.1:${DEFAULT_PORT}`,
        local: false,
        startedHere: false,
      };
  }
  const startedHere = await ensureLocalServer();
  const where = path.relative(ROOT, LOCAL_DIR);
  return {
    url: redisUrl({ port: LOCAL_PORT }),
    description: startedHere
      ? `started project-local redis-server ${where} on :${LOCAL_PORT}`
      : `project-local redis-server ${where} already running on :${LOCAL_PORT}`,
    local: true,
    startedHere,
  };
}

async function findOrInstallRedisServer() {
  const found = which("redis-server", ["/usr/sbin", "/usr/local/sbin"]);
  if (found) return found;
  if (canAptInstall()) {
    await aptInstall(["redis-server"], "Redis is not installed");
    const installed = which("redis-server", ["/usr/sbin"]);
    if (installed) return installed;
  }
  const hint = isDebianLike()
    ? "On Debian/Ubuntu run: sudo apt-get install redis-server"
    : process.platform === "darwin"
      ? "On macOS run: brew install redis"
      : "Install Redis 6.2 or newer with your package manager";
  throw new BootstrapError(
    `Redis is not installed. ${hint}\nOr point REDIS_URL (in .env) at an existing server.`,
  );
}

/**
 * Whether the server on our port is the one serving our directory (and not, say, another
 * checkout's).
 */
async function ourServerIsRunning() {
  const result = await withRedis(redisUrl({ port: LOCAL_PORT }), async (client) => {
    const [, dir] = /** @type {string[]} */ (await client.config("GET", "dir"));
    return dir;
  });
  if (!result.ok) return false;
  if (result.value === fs.realpathSync(LOCAL_DIR)) return true;
  throw new BootstrapError(
    `Port ${LOCAL_PORT} runs a Redis for ${result.value}, not for this checkout. ` +
      "Set STORYRELAY_REDIS_PORT to a free port.",
  );
}

/** @returns {Promise<boolean>} whether it had to be started */
async function ensureLocalServer() {
  fs.mkdirSync(LOCAL_DIR, { recursive: true });
  if (await ourServerIsRunning()) return false;
  if (await isPortOpen("127.0.0.1", LOCAL_PORT)) {
    throw new BootstrapError(
      `Port ${LOCAL_PORT} is used by another program, so the project-local Redis cannot start there. ` +
        "Set STORYRELAY_REDIS_PORT to a free port.",
    );
  }
  const server = await findOrInstallRedisServer();
  const logFile = path.join(LOCAL_DIR, "redis.log");
  // No persistence: Redis is never the only copy of anything (the sweep job rebuilds the queues).
  await run(
    server,
    [
      ["--port", String(LOCAL_PORT)],
      ["--bind", "127.0.0.1"],
      ["--dir", fs.realpathSync(LOCAL_DIR)],
      ["--daemonize", "yes"],
      ["--save", ""],
      ["--appendonly", "no"],
      ["--maxmemory-policy", "noeviction"],
      ["--pidfile", path.join(LOCAL_DIR, "redis.pid")],
      ["--logfile", logFile],
    ].flat(),
    { quiet: true },
  );
  const up = await waitFor(
    async () => (await withRedis(redisUrl({ port: LOCAL_PORT }), (c) => c.ping())).ok,
    10_000,
  );
  if (!up) throw new BootstrapError(`The project-local Redis did not start. Its log: ${logFile}`);
  return true;
}

/**
 * Stops the project-local redis-server if it runs. Plain RESP over a socket, so it works even
 * when node_modules is gone.
 * @returns {Promise<boolean>} whether a server was stopped
 */
export function stopLocalRedis() {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port: LOCAL_PORT });
    socket.setTimeout(3000, () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(false));
    socket.once("connect", () => socket.write("*2\r\n$8\r\nSHUTDOWN\r\n$6\r\nNOSAVE\r\n"));
    // The server closes the connection when it shuts down.
    socket.once("close", () => resolve(true));
  });
}
