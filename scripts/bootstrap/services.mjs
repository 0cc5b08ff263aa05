// Steps 3 and 4 together: which Postgres database and Redis database this run uses.
// `npm start` uses the demo database; `npm test` a separate one on the same server, never the demo's.
import fs from "node:fs";
import path from "node:path";
import { BootstrapError, info } from "./log.mjs";
import { ROOT } from "./paths.mjs";
import { ensurePostgres, LOCAL_DATA_DIR, stopLocalPostgres } from "./postgres.mjs";
import { ensureRedis, LOCAL_DIR as REDIS_DIR, stopLocalRedis } from "./redis.mjs";
import { TEST_DATABASE_NAME, TEST_REDIS_DB } from "./test-env.mjs";
import { databaseName, withDatabase } from "./urls.mjs";

export const APP_DATABASE_NAME = "storyrelay";

/** @typedef {"start" | "test"} Purpose */
/** @typedef {Record<string, string | undefined>} EnvMap */
/** @typedef {{ postgres: boolean, redis: boolean }} Flags */

/** `STORYRELAY_LOCAL_SERVICES=1` skips servers on the default ports: the fresh-machine path. */
export const wantsLocalServices = (/** @type {EnvMap} */ env) =>
  ["1", "true"].includes(env.STORYRELAY_LOCAL_SERVICES ?? "");

const set = (/** @type {string | undefined} */ value) => (value === "" ? undefined : value);

/**
 * Which server the user configured for this purpose, and which database to use on it.
 * @param {Purpose} purpose
 * @param {EnvMap} env
 * @returns {{ configuredUrl?: string, configuredBy: string, database: string }}
 */
export function postgresTarget(purpose, env) {
  const appUrl = set(env.DATABASE_URL);
  const appDatabase = (appUrl && databaseName(appUrl)) || APP_DATABASE_NAME;
  if (purpose === "start")
    return { configuredUrl: appUrl, configuredBy: "DATABASE_URL", database: appDatabase };

  const testUrl = set(env.TEST_DATABASE_URL);
  const target = testUrl
    ? {
        configuredUrl: testUrl,
        configuredBy: "TEST_DATABASE_URL",
        database: databaseName(testUrl) || TEST_DATABASE_NAME,
      }
    : { configuredUrl: appUrl, configuredBy: "DATABASE_URL", database: TEST_DATABASE_NAME };
  if (target.database === appDatabase) {
    throw new BootstrapError(
      `The tests would run against "${appDatabase}", the database npm start uses. ` +
        "Point TEST_DATABASE_URL at a database of its own.",
    );
  }
  return target;
}

/**
 * Which Redis server the user configured for this purpose, and which logical database to use.
 * @param {Purpose} purpose
 * @param {EnvMap} env
 * @returns {{ configuredUrl?: string, configuredBy: string, db?: number }}
 *   db undefined: keep what the URL says
 */
export function redisTarget(purpose, env) {
  const appUrl = set(env.REDIS_URL);
  if (purpose === "start") return { configuredUrl: appUrl, configuredBy: "REDIS_URL" };
  const testUrl = set(env.TEST_REDIS_URL);
  if (testUrl) return { configuredUrl: testUrl, configuredBy: "TEST_REDIS_URL" };
  if (appUrl && new URL(appUrl).pathname === `/${TEST_REDIS_DB}`) {
    throw new BootstrapError(
      `REDIS_URL already uses database ${TEST_REDIS_DB}, which the tests would share. ` +
        "Set TEST_REDIS_URL to another database (e.g. redis://host:6379/2).",
    );
  }
  return { configuredUrl: appUrl, configuredBy: "REDIS_URL", db: TEST_REDIS_DB };
}

/**
 * Finds or starts Postgres and Redis for this purpose and creates the database.
 * @param {Purpose} purpose
 * @returns {Promise<{ databaseUrl: string, redisUrl: string, local: Flags, startedHere: Flags }>}
 */
export async function prepareServices(purpose) {
  const forceLocal = wantsLocalServices(process.env);
  const pgTarget = postgresTarget(purpose, process.env);
  const redisChoice = redisTarget(purpose, process.env);

  const postgres = await ensurePostgres({ ...pgTarget, forceLocal });
  info(`Postgres: ${postgres.description}, database ${pgTarget.database}`);

  const redis = await ensureRedis({ ...redisChoice, forceLocal });
  const redisUrl = redisChoice.db === undefined ? redis.url : withDatabase(redis.url, redisChoice.db);
  info(`Redis:    ${redis.description}${redisChoice.db === undefined ? "" : `, database ${redisChoice.db}`}`);

  return {
    databaseUrl: postgres.url,
    redisUrl,
    local: { postgres: postgres.local, redis: redis.local },
    startedHere: { postgres: postgres.startedHere, redis: redis.startedHere },
  };
}

/**
 * Stops the project-local servers under .data/ if they run. Servers we did not start are never
 * touched.
 * @returns {Promise<string[]>} what was stopped, for the user
 */
export async function stopLocalServices() {
  const stopped = [];
  if (await stopLocalPostgres()) stopped.push(`Postgres (${path.relative(ROOT, LOCAL_DATA_DIR)})`);
  // Only a server that left its pid file in our folder is ours to stop.
  if (fs.existsSync(path.join(REDIS_DIR, "redis.pid")) && (await stopLocalRedis())) {
    stopped.push(`Redis (${path.relative(ROOT, REDIS_DIR)})`);
  }
  return stopped;
}
