// A throwaway PgBouncer in transaction pooling mode in front of the test databases, for
// `npm test -- --pgbouncer` and CI's publish tests through it (docs/decisions/039-pgbouncer.md).
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { which } from "./exec.mjs";
import { BootstrapError } from "./log.mjs";
import { aptInstall, canAptInstall, isPortOpen, isRoot, waitFor } from "./system.mjs";

const SBIN = ["/usr/sbin", "/usr/local/sbin"];

/** @returns {Promise<number>} */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (address && typeof address === "object" ? resolve(address.port) : reject()));
    });
  });
}

async function pgbouncerBinary() {
  let found = which("pgbouncer", SBIN);
  if (!found && canAptInstall()) {
    await aptInstall(["pgbouncer"], "PgBouncer is needed for the tests through a transaction pooler");
    found = which("pgbouncer", SBIN);
  }
  if (!found)
    throw new BootstrapError(
      "The tests through PgBouncer need pgbouncer. On Debian/Ubuntu run: sudo apt-get install pgbouncer",
    );
  return found;
}

/**
 * Starts PgBouncer on a free port (STORYRELAY_PGBOUNCER_PORT to choose one) in a temporary
 * directory, in transaction pooling mode, passing every database name through to the server of
 * `databaseUrl` (so the vitest pool databases `_w1`… and the crash test's own reach it too).
 * Returns `databaseUrl` rewritten to go through it, and how to stop it.
 * @param {string} databaseUrl
 */
export async function startPgBouncer(databaseUrl) {
  const binary = await pgbouncerBinary();
  const direct = new URL(databaseUrl);
  const port = Number(process.env.STORYRELAY_PGBOUNCER_PORT) || (await freePort());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "storyrelay-pgbouncer-"));
  // PgBouncer refuses to run as root; as root it drops to `nobody`, who must read and write here.
  if (isRoot()) fs.chmodSync(dir, 0o777);
  const user = decodeURIComponent(direct.username || "postgres");
  const password = direct.password ? ` password=${decodeURIComponent(direct.password)}` : "";
  fs.writeFileSync(
    path.join(dir, "pgbouncer.ini"),
    [
      "[databases]",
      `* = host=${direct.hostname} port=${direct.port || 5432} user=${user}${password}`,
      "[pgbouncer]",
      "listen_addr = 127.0.0.1",
      `listen_port = ${port}`,
      "unix_socket_dir =",
      // The test servers trust local connections; the credentials above are what the server sees.
      "auth_type = any",
      "pool_mode = transaction",
      // Vitest's 4 pools × DATABASE_POOL_SIZE, the crash test's workers and the web server.
      "max_client_conn = 2000",
      // Server connections per database: the crash test's three workers, 30 publishes each, queued
      // for 20 past Prisma's 2 s wait to start a transaction and lost leases (decision 039).
      "default_pool_size = 40",
      // node-postgres sends these at start-up; PgBouncer would refuse the connection otherwise.
      "ignore_startup_parameters = extra_float_digits,options",
      `logfile = ${path.join(dir, "pgbouncer.log")}`,
      `pidfile = ${path.join(dir, "pgbouncer.pid")}`,
      "",
    ].join("\n"),
  );
  if (isRoot()) fs.chmodSync(path.join(dir, "pgbouncer.ini"), 0o644);
  const child = spawn(binary, [...(isRoot() ? ["-u", "nobody"] : []), path.join(dir, "pgbouncer.ini")], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk) => {
    stderr += String(chunk);
  });
  const ready = await waitFor(() => isPortOpen("127.0.0.1", port, 500), 10_000, 100);
  if (!ready || child.exitCode !== null) {
    child.kill("SIGKILL");
    const log = fs.existsSync(path.join(dir, "pgbouncer.log"))
      ? fs.readFileSync(path.join(dir, "pgbouncer.log"), "utf8")
      : "";
    throw new BootstrapError(
      `PgBouncer did not start on port ${port}: ${(stderr || log).trim().slice(-500)}`,
    );
  }
  const through = new URL(databaseUrl);
  through.hostname = "127.0.0.1";
  through.port = String(port);
  return {
    url: through.toString(),
    port,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
