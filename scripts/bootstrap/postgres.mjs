// Step 3: a Postgres server and the application database on it.
//
// In order: the server the user configured (DATABASE_URL), a server already running on the default
// port that lets user `postgres` in without a password, or a cluster of our own under
// .data/postgres on its own port (installing Postgres with apt when we may). Runs after `npm ci`,
// so it uses `pg`.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { probe, run, which } from "./exec.mjs";
import { BootstrapError, info, step } from "./log.mjs";
import { DATA_DIR, ROOT } from "./paths.mjs";
import { aptInstall, canAptInstall, isDebianLike, isPortOpen, isRoot } from "./system.mjs";
import { databaseName, postgresUrl, redactUrl, withDatabase } from "./urls.mjs";

const DEFAULT_PORT = 5432;
export const LOCAL_PORT = Number(process.env.STORYRELAY_PG_PORT || 54329);
export const LOCAL_DATA_DIR = path.join(DATA_DIR, "postgres");
const SERVICE_USER = "postgres";

/**
 * @typedef {object} PostgresChoice
 * @property {string} url the application database on the chosen server
 * @property {string} description what was chosen, for the user
 * @property {boolean} local whether it is the project-local cluster under .data/
 * @property {boolean} startedHere whether this run started it
 */

/**
 * Tries to log in. Resolves to undefined on success, or the error.
 * @param {string} url
 * @returns {Promise<(Error & { code?: string }) | undefined>}
 */
async function tryConnect(url) {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on("error", () => {}); // a server going away mid-probe must not crash the bootstrap
  try {
    await client.connect();
    return undefined;
  } catch (error) {
    return /** @type {Error & { code?: string }} */ (error);
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Creates the database a URL names when it does not exist yet (through the `postgres` database of
 * the same server). Two bootstraps racing to create it are fine.
 * @param {string} url
 */
export async function ensureDatabase(url) {
  const failure = await tryConnect(url);
  if (!failure) return;
  if (failure.code !== "3D000") throw failure; // 3D000: database does not exist
  const name = databaseName(url) ?? "";
  const { default: pg } = await import("pg");
  const client = new pg.Client({
    connectionString: withDatabase(url, "postgres"),
    connectionTimeoutMillis: 3000,
  });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
    info(`Created database ${name}`);
  } catch (error) {
    if (/** @type {{ code?: string }} */ (error).code !== "42P04") throw error; // 42P04: already exists
  } finally {
    await client.end();
  }
}

/**
 * @param {{ configuredUrl?: string, configuredBy?: string, database: string, forceLocal: boolean }} options
 *   configuredUrl: the server the user chose (its database part is replaced by `database`)
 * @returns {Promise<PostgresChoice>}
 */
export async function ensurePostgres({ configuredUrl, configuredBy = "DATABASE_URL", database, forceLocal }) {
  if (configuredUrl) return checkConfiguredServer(configuredUrl, configuredBy, database);
  const defaultUrl = postgresUrl({ port: DEFAULT_PORT, database });
  if (!forceLocal) {
    const failure = await tryConnect(withDatabase(defaultUrl, "postgres"));
    if (!failure) {
      await ensureDatabase(defaultUrl);
      return {
        url: defaultUrl,
        description: `found 127.0.0.1:${DEFAULT_PORT}`,
        local: false,
        startedHere: false,
      };
    }
    if (failure.code !== "ECONNREFUSED") {
      info(
        `Postgres on 127.0.0.1:${DEFAULT_PORT} did not let user postgres in (${failure.message}); using a local cluster`,
      );
    }
  }
  const { port, startedHere } = await ensureLocalCluster();
  const url = postgresUrl({ port, database });
  await ensureDatabase(url);
  const where = path.relative(ROOT, LOCAL_DATA_DIR);
  const description = startedHere
    ? `started project-local cluster ${where} on :${port}`
    : `project-local cluster ${where} already running on :${port}`;
  return { url, description, local: true, startedHere };
}

/**
 * @param {string} configuredUrl
 * @param {string} configuredBy
 * @param {string} database
 * @returns {Promise<PostgresChoice>}
 */
async function checkConfiguredServer(configuredUrl, configuredBy, database) {
  let url;
  try {
    url = withDatabase(configuredUrl, database);
  } catch {
    throw new BootstrapError(
      `${configuredBy} is not a valid URL. Expected postgresql://user:password@host:5432/name.`,
    );
  }
  try {
    await ensureDatabase(url);
  } catch (error) {
    throw new BootstrapError(
      `Cannot use Postgres at ${redactUrl(url)} (from ${configuredBy}): ${/** @type {Error} */ (error).message}\n` +
        `Start that server or correct ${configuredBy} (in .env or the shell). Without it, StoryRelay ` +
        "uses a server on 127.0.0.1:5432 or starts its own.",
    );
  }
  return { url, description: `using ${redactUrl(url)} (${configuredBy})`, local: false, startedHere: false };
}

// ---------------------------------------------------------------------------------------------
// The project-local cluster

/** Directories holding initdb/pg_ctl, newest major version first. */
function postgresBinDirs() {
  const debianRoot = "/usr/lib/postgresql";
  const debianDirs = fs.existsSync(debianRoot)
    ? fs
        .readdirSync(debianRoot)
        .filter((version) => /^\d+$/.test(version))
        .sort((a, b) => Number(b) - Number(a))
        .map((version) => path.join(debianRoot, version, "bin"))
    : [];
  const onPath = which("pg_ctl");
  const pathDir = onPath ? path.dirname(fs.realpathSync(onPath)) : undefined;
  return [...debianDirs, ...(pathDir ? [pathDir] : [])].filter((dir) =>
    fs.existsSync(path.join(dir, "initdb")),
  );
}

/**
 * The binaries to run the cluster with: the version that created it, if it exists.
 * @param {string | undefined} clusterVersion
 */
function pickBinDir(clusterVersion) {
  const dirs = postgresBinDirs();
  if (!clusterVersion) return dirs[0];
  const match = dirs.find(
    (dir) => probe(path.join(dir, "pg_ctl"), ["--version"]).stdout.match(/ (\d+)/)?.[1] === clusterVersion,
  );
  if (match) return match;
  if (dirs.length === 0) return undefined;
  throw new BootstrapError(
    `The local cluster ${LOCAL_DATA_DIR} was created by Postgres ${clusterVersion}, which is not installed any more. ` +
      `Install it again, or delete ${LOCAL_DATA_DIR} to start with an empty database.`,
  );
}

async function findOrInstallBinaries(/** @type {string | undefined} */ clusterVersion) {
  const found = pickBinDir(clusterVersion);
  if (found) return found;
  if (canAptInstall()) {
    // The package also creates and may start its own cluster on 5432; harmless, we use ours.
    await aptInstall(["postgresql"], "Postgres is not installed");
    const installed = pickBinDir(clusterVersion);
    if (installed) return installed;
  }
  const hint = isDebianLike()
    ? "On Debian/Ubuntu run: sudo apt-get install postgresql"
    : process.platform === "darwin"
      ? "On macOS run: brew install postgresql@16"
      : "Install Postgres 15 or newer with your package manager";
  throw new BootstrapError(
    `Postgres is not installed. ${hint}\nOr point DATABASE_URL (in .env) at an existing server.`,
  );
}

/**
 * Postgres refuses to run as root, so as root every server command runs as the `postgres` user.
 * @param {string} command
 * @param {string[]} args
 * @returns {[string, string[]]}
 */
function asServiceUser(command, args) {
  return isRoot() ? ["runuser", ["-u", SERVICE_USER, "--", command, ...args]] : [command, args];
}

function serviceUserIds() {
  const uid = probe("id", ["-u", SERVICE_USER]);
  const gid = probe("id", ["-g", SERVICE_USER]);
  if (!uid.ok || !gid.ok) {
    throw new BootstrapError(
      `Running as root, but there is no "${SERVICE_USER}" user to run Postgres as (Postgres refuses root). ` +
        "Run npm start as a normal user, or install Postgres from your distribution's package.",
    );
  }
  return { uid: Number(uid.stdout), gid: Number(gid.stdout) };
}

/**
 * Makes .data/postgres a directory the server user owns. As root, when the project sits where that
 * user cannot reach (a home directory with mode 700, say), the cluster lives under
 * /var/lib/postgresql instead and .data/postgres is a symlink to it.
 * @returns {string} the real data directory
 */
function prepareDataDir() {
  fs.mkdirSync(DATA_DIR, { recursive: true });
  if (fs.existsSync(LOCAL_DATA_DIR)) return fs.realpathSync(LOCAL_DATA_DIR);
  if (!isRoot()) {
    fs.mkdirSync(LOCAL_DATA_DIR, { mode: 0o700 });
    return LOCAL_DATA_DIR;
  }
  const { uid, gid } = serviceUserIds();
  const dataDir = reachableByServiceUser(DATA_DIR) ? LOCAL_DATA_DIR : fallbackDataDir();
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  fs.chownSync(dataDir, uid, gid);
  if (dataDir !== LOCAL_DATA_DIR) fs.symlinkSync(dataDir, LOCAL_DATA_DIR);
  return dataDir;
}

const reachableByServiceUser = (/** @type {string} */ dir) =>
  probe("runuser", ["-u", SERVICE_USER, "--", "test", "-x", dir]).ok;

function fallbackDataDir() {
  const id = createHash("sha256").update(ROOT).digest("hex").slice(0, 12);
  const dir = path.join("/var/lib/postgresql/storyrelay", id, "postgres");
  info(`The postgres user cannot reach ${DATA_DIR}; keeping the cluster in ${dir}`);
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  fs.chownSync(path.dirname(dir), serviceUserIds().uid, serviceUserIds().gid);
  return dir;
}

/** The server log sits next to the data directory, where the server user may write. */
const logFileFor = (/** @type {string} */ dataDir) => path.join(path.dirname(dataDir), "postgres.log");

/** @param {string} binDir @param {string} dataDir */
async function initCluster(binDir, dataDir) {
  step(`Creating a project-local Postgres cluster in ${path.relative(ROOT, LOCAL_DATA_DIR)}`);
  const locale = process.platform === "linux" ? ["--locale=C.UTF-8"] : ["--no-locale"];
  const [command, args] = asServiceUser(path.join(binDir, "initdb"), [
    "-D",
    dataDir,
    "-U",
    "postgres",
    "--auth=trust",
    "--encoding=UTF8",
    ...locale,
  ]);
  await run(command, args, { quiet: true });
  // Only TCP on loopback: no socket directory to fight over with a system cluster, no exposure.
  fs.appendFileSync(
    path.join(dataDir, "postgresql.conf"),
    [
      "",
      "# StoryRelay project-local cluster (scripts/bootstrap/postgres.mjs)",
      "listen_addresses = '127.0.0.1'",
      "unix_socket_directories = ''",
      "",
    ].join("\n"),
  );
}

/**
 * The port of the server running from this data directory, if one is.
 * @param {string} dataDir
 * @returns {Promise<number | undefined>}
 */
async function runningPort(dataDir) {
  let lines;
  try {
    lines = fs.readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n");
  } catch {
    return undefined;
  }
  const port = Number(lines[3]);
  if (!port) return undefined;
  const failure = await tryConnect(postgresUrl({ port, database: "postgres" }));
  return failure ? undefined : port;
}

/** @returns {Promise<{ port: number, startedHere: boolean }>} */
async function ensureLocalCluster() {
  const versionFile = path.join(LOCAL_DATA_DIR, "PG_VERSION");
  const clusterVersion = fs.existsSync(versionFile) ? fs.readFileSync(versionFile, "utf8").trim() : undefined;
  const binDir = await findOrInstallBinaries(clusterVersion);
  const dataDir = prepareDataDir();
  if (!clusterVersion) await initCluster(binDir, dataDir);

  const running = await runningPort(dataDir);
  if (running) return { port: running, startedHere: false };

  if (await isPortOpen("127.0.0.1", LOCAL_PORT)) {
    throw new BootstrapError(
      `Port ${LOCAL_PORT} is used by another program, so the project-local Postgres cannot start there. ` +
        "Set STORYRELAY_PG_PORT to a free port.",
    );
  }
  const logFile = logFileFor(dataDir);
  if (isRoot() && !fs.existsSync(logFile)) {
    fs.writeFileSync(logFile, "");
    const { uid, gid } = serviceUserIds();
    fs.chownSync(logFile, uid, gid);
  }
  const [command, args] = asServiceUser(
    path.join(binDir, "pg_ctl"),
    [
      ["-D", dataDir],
      ["-l", logFile],
      ["-o", `-p ${LOCAL_PORT}`],
      ["-w", "-t", "60", "start"],
    ].flat(),
  );
  try {
    await run(command, args, { quiet: true });
  } catch {
    throw new BootstrapError(`The project-local Postgres did not start. Its log: ${logFile}`);
  }
  return { port: LOCAL_PORT, startedHere: true };
}

/**
 * Stops the project-local cluster if it runs. Used by `npm run services:stop` and by CI runs.
 * @returns {Promise<boolean>} whether a server was stopped
 */
export async function stopLocalPostgres() {
  if (!fs.existsSync(path.join(LOCAL_DATA_DIR, "postmaster.pid"))) return false;
  const dataDir = fs.realpathSync(LOCAL_DATA_DIR);
  const versionFile = path.join(dataDir, "PG_VERSION");
  const binDir = pickBinDir(fs.readFileSync(versionFile, "utf8").trim());
  if (!binDir) throw new BootstrapError("Cannot stop the local Postgres: its binaries are not installed.");
  const [command, args] = asServiceUser(path.join(binDir, "pg_ctl"), [
    "-D",
    dataDir,
    "-m",
    "fast",
    "-w",
    "stop",
  ]);
  const result = probe(command, args);
  if (!result.ok && !/PID file .* does not exist|Is server running/.test(result.stderr)) {
    throw new BootstrapError(`Could not stop the local Postgres: ${result.stderr.trim()}`);
  }
  return result.ok;
}
