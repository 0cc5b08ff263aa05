#!/usr/bin/env node
// `npm start` (and `npm run dev` with --dev): everything a fresh machine needs, then the app.
//
//   1 npm dependencies   2 .env and its secrets   3 Postgres   4 Redis   5 Prisma client + migrations
//   6 demo seed          7 web build (production only)          8 web + workers + simulators
//
// Each step checks whether its work is already done, so a second start takes seconds.
// Only node built-ins are imported statically: `pg` and `ioredis` are loaded after step 1.
import fs from "node:fs";
import { ensureBuild } from "./bootstrap/build.mjs";
import { ensureDependencies } from "./bootstrap/dependencies.mjs";
import { loadEnvFile } from "./bootstrap/env-file.mjs";
import { run } from "./bootstrap/exec.mjs";
import { BootstrapError, color, info, reportFatal, step, success, warn } from "./bootstrap/log.mjs";
import { fromRoot, localBin } from "./bootstrap/paths.mjs";
import { ensurePrismaClient, migrate } from "./bootstrap/prisma.mjs";
import { prepareServices } from "./bootstrap/services.mjs";
import { supervise } from "./bootstrap/supervisor.mjs";
import { isPortOpen, waitFor } from "./bootstrap/system.mjs";
import { START_WORKER_KINDS, workerNodeOptions } from "./worker-kinds.mjs";

const dev = process.argv.includes("--dev");
const startedAt = Date.now();

/**
 * The environment every child gets: our own (with .env applied) plus what the services step chose.
 * @param {{ databaseUrl: string, redisUrl: string }} services
 */
function childEnvironment({ databaseUrl, redisUrl }) {
  const port = process.env.PORT || "3000";
  const simulatorPort = process.env.SIMULATOR_PORT || "4100";
  return {
    ...process.env,
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    PORT: port,
    PUBLIC_BASE_URL: process.env.PUBLIC_BASE_URL || `http://localhost:${port}`,
    AUTH_TRUST_HOST: "true",
    SIMULATOR_PORT: simulatorPort,
    SIMULATOR_URL: process.env.SIMULATOR_URL || `http://127.0.0.1:${simulatorPort}`,
    NODE_ENV: dev ? "development" : "production",
    NEXT_TELEMETRY_DISABLED: "1",
  };
}

/** Fails before starting anything when a port we need is taken, instead of one child dying later. */
async function checkPortsFree(/** @type {NodeJS.ProcessEnv} */ env) {
  for (const [name, port] of [
    ["PORT", env.PORT],
    ["SIMULATOR_PORT", env.SIMULATOR_PORT],
  ]) {
    if (await isPortOpen("127.0.0.1", Number(port))) {
      throw new BootstrapError(
        `Port ${port} is already in use (another StoryRelay still running?). ` +
          `Stop that program or choose another port: ${name}=<port> npm start`,
      );
    }
  }
}

async function seed(/** @type {NodeJS.ProcessEnv} */ env) {
  if (!fs.existsSync(fromRoot("prisma", "seed.ts"))) {
    warn("prisma/seed.ts does not exist yet; skipping the demo data");
    return;
  }
  step("Seeding the demo workspace (only the first time)");
  await run(localBin("tsx"), ["prisma/seed.ts"], { env });
}

/**
 * One worker process of a kind. Each has its own ops server when WORKER_METRICS_PORT is set: the
 * publish workers on that port, the media workers on the next one.
 * @param {NodeJS.ProcessEnv} env
 * @param {(typeof START_WORKER_KINDS)[number]} kind
 * @param {string[]} watch
 */
function workerSpec(env, kind, watch) {
  const ordinal = START_WORKER_KINDS.indexOf(kind);
  const metricsPort = env.WORKER_METRICS_PORT ? String(Number(env.WORKER_METRICS_PORT) + ordinal) : undefined;
  const childEnv = { ...env, WORKER_METRICS_PORT: metricsPort };
  const name = kind === "publish" ? "pub " : "med ";
  const paint = kind === "publish" ? color.magenta : color.green;
  return dev
    ? { name, paint, command: localBin("tsx"), args: [...watch, `workers/${kind}.ts`], env: childEnv }
    : {
        name,
        paint,
        command: process.execPath,
        args: [...workerNodeOptions(kind, env), "scripts/workers.mjs", "--kind", kind],
        env: childEnv,
      };
}

/** @param {NodeJS.ProcessEnv} env */
function childSpecs(env) {
  const tsx = localBin("tsx");
  // In dev, tsx restarts workers and simulators when their code changes, as next dev does for the
  // web; otherwise the workers run bundled (scripts/workers.mjs), as in production.
  const watch = dev ? ["watch", "--clear-screen=false"] : [];
  return [
    {
      name: "web ",
      paint: color.cyan,
      command: localBin("next"),
      args: [dev ? "dev" : "start", "-p", String(env.PORT)],
      env,
    },
    ...START_WORKER_KINDS.map((kind) => workerSpec(env, kind, watch)),
    { name: "sim ", paint: color.yellow, command: tsx, args: [...watch, "simulators/index.ts"], env },
  ];
}

/**
 * Whether the web app answers: its health check when it has one, else the home page.
 * @param {string} base
 */
async function webAnswers(base) {
  try {
    const health = await fetch(`${base}/api/health`, { redirect: "manual" });
    if (health.ok) return true;
    if (health.status !== 404) return false; // e.g. 503 while the database is unreachable
    const home = await fetch(`${base}/`, { redirect: "manual" });
    return home.status < 500;
  } catch {
    return false;
  }
}

function demoLogin() {
  try {
    const { email, password } = JSON.parse(
      fs.readFileSync(fromRoot(".data", "demo-credentials.json"), "utf8"),
    );
    return `${email} / ${password}`;
  } catch {
    return undefined;
  }
}

/**
 * @param {NodeJS.ProcessEnv} env
 * @param {boolean} localServices
 */
/**
 * The sandbox Instagram and Facebook deliver viewers' replies, reactions and mentions, and each
 * story's final numbers when it expires, to the app's webhook, as Meta does once an app subscribes
 * to `messages` and `story_insights`: subscribe it (the simulator makes Meta's verification request
 * first). Its state is in memory, so every start does this.
 */
async function subscribeSandboxWebhook(env) {
  if (!env.META_WEBHOOK_VERIFY_TOKEN) return;
  const simulatorUp = async () =>
    (await fetch(`${env.SIMULATOR_URL}/_sim/health`).catch(() => null))?.ok === true;
  await waitFor(simulatorUp, 30_000, 500);
  const answer = await fetch(`${env.SIMULATOR_URL}/_sim/webhooks`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      callbackUrl: `http://127.0.0.1:${env.PORT}/api/webhooks/meta`,
      verifyToken: env.META_WEBHOOK_VERIFY_TOKEN,
    }),
  }).catch((error) => error);
  if (answer instanceof Error || !answer.ok) {
    const why = answer instanceof Error ? answer.message : `${answer.status} ${await answer.text()}`;
    warn(
      `The sandbox could not subscribe to the app's webhook (${why}): sandbox replies to stories will not reach the inbox, and stories' final numbers come from polling only.`,
    );
  }
}

async function announceWhenReady(env, localServices) {
  const ready = await waitFor(() => webAnswers(`http://127.0.0.1:${env.PORT}`), 120_000, 500);
  if (!ready) {
    warn(`The web server has not answered on port ${env.PORT} after 2 minutes; see the "web" lines above.`);
    return;
  }
  await subscribeSandboxWebhook(env);
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  const login = demoLogin();
  console.log("");
  success(color.bold(`StoryRelay is ready in ${seconds} s: ${env.PUBLIC_BASE_URL}`));
  if (login) info(`Demo login:  ${login}   (from .data/demo-credentials.json)`);
  info(`Simulators:  ${env.SIMULATOR_URL} (sandbox Instagram, Facebook and WhatsApp)`);
  info(
    `Stop with Ctrl-C.${localServices ? " The project-local Postgres and Redis keep running for a fast next start; npm run services:stop stops them." : ""}`,
  );
  console.log("");
}

async function main() {
  step(dev ? "Preparing StoryRelay (development mode)" : "Preparing StoryRelay");
  await ensureDependencies();
  loadEnvFile({ generateSecrets: true });
  const services = await prepareServices("start");
  const env = childEnvironment(services);
  await checkPortsFree(env); // before the slow steps, so a busy port costs seconds, not minutes
  await ensurePrismaClient(env);
  await migrate(env, "the app database");
  await seed(env);
  if (!dev) await ensureBuild(env);

  step(`Starting web (:${env.PORT}), workers and simulators (:${env.SIMULATOR_PORT})`);
  const localServices = services.local.postgres || services.local.redis;
  supervise(childSpecs(env));
  await announceWhenReady(env, localServices);
}

main().catch((error) => {
  reportFatal(error);
});
