#!/usr/bin/env node
// `npm test`: the whole suite on any machine, CI included.
//
// Prepares what the suites need (dependencies, Prisma client, a test database and Redis database
// that npm start never uses, migrations) and then runs: lint; Vitest (unit + integration, then
// the one-at-a-time integration files) with the typecheck and the production build beside it at
// the lowest priority; then, if all of that passed, Playwright (e2e).
//
//   npm test                          everything
//   npm test -- --only=unit           one or more of: static, unit, integration, e2e (comma-separated)
//   npm test -- --pgbouncer           the tests' database connections through a PgBouncer in
//                                     transaction pooling mode (migrations still go direct)
//
// On CI the publish pipeline's integration tests run a second time through PgBouncer
// (docs/decisions/039-pgbouncer.md).
import fs from "node:fs";
import { ensureBuild } from "./bootstrap/build.mjs";
import { ensureDependencies } from "./bootstrap/dependencies.mjs";
import { loadEnvFile } from "./bootstrap/env-file.mjs";
import { run } from "./bootstrap/exec.mjs";
import { BootstrapError, color, reportFatal, step, success } from "./bootstrap/log.mjs";
import { fromRoot, localBin } from "./bootstrap/paths.mjs";
import { startPgBouncer } from "./bootstrap/pgbouncer.mjs";
import { ensurePrismaClient, migrate } from "./bootstrap/prisma.mjs";
import { prepareServices, stopLocalServices } from "./bootstrap/services.mjs";
import { aptInstall, canAptInstall } from "./bootstrap/system.mjs";
import { TEST_AUTH_SECRET, TEST_ENCRYPTION_KEY } from "./bootstrap/test-env.mjs";
import { countResults, formatCounts, parseSuites } from "./bootstrap/test-plan.mjs";

const CHROMIUM = "/usr/bin/chromium";
const VITEST_REPORT = "test-results/vitest.json";
/** The files that run one at a time after the others, in two lanes side by side (runSuites). */
const CHAOS_REPORT = "test-results/vitest-chaos.json";
const ALONE_REPORT = "test-results/vitest-alone.json";
const PGBOUNCER_REPORT = "test-results/vitest-pgbouncer.json";
const PLAYWRIGHT_REPORT = "test-results/playwright.json";
const REPORTS = [VITEST_REPORT, CHAOS_REPORT, ALONE_REPORT, PGBOUNCER_REPORT, PLAYWRIGHT_REPORT];

/** @type {{ name: string, seconds: number, ok: boolean, together?: boolean }[]} */
const timings = [];

/**
 * Runs one named step, recording its duration; a failure names the step.
 * @param {string} name
 * @param {() => Promise<unknown>} action
 * @param {{ together?: boolean }} [options] `together`: it ran beside other steps (see timedTogether)
 */
async function timed(name, action, options = {}) {
  const started = Date.now();
  try {
    await action();
    timings.push({ name, seconds: (Date.now() - started) / 1000, ok: true, ...options });
  } catch (error) {
    timings.push({ name, seconds: (Date.now() - started) / 1000, ok: false, ...options });
    const reason = error instanceof Error ? error.message : String(error);
    throw new BootstrapError(`npm test failed at step "${name}": ${reason}`);
  }
}

/**
 * Runs independent actions at the same time. Every one runs to its end (a half-finished build
 * would be no use to the next run either), and every failure is reported, not only the first.
 * @param {(() => Promise<unknown>)[]} actions
 */
async function together(actions) {
  const results = await Promise.allSettled(actions.map((action) => action()));
  const failures = results.flatMap((result) => (result.status === "rejected" ? [result.reason] : []));
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) {
    throw new BootstrapError(
      failures.map((error) => (error instanceof Error ? error.message : error)).join("\n"),
    );
  }
}

/**
 * Runs independent steps at the same time (see together), each with its own timing.
 * @param {[string, () => Promise<unknown>][]} steps
 */
function timedTogether(steps) {
  return together(
    steps.map(
      ([name, action]) =>
        () =>
          timed(name, action, { together: steps.length > 1 }),
    ),
  );
}

/** @param {number} started when the run began (Date.now()) */
function printSummary(started) {
  if (timings.length === 0) return;
  console.log(`\n${color.bold("Timing")}`);
  for (const { name, seconds, ok, together } of timings) {
    console.log(
      `  ${ok ? color.green("✓") : color.red("✗")} ${name.padEnd(30)} ${seconds.toFixed(1).padStart(6)} s${together ? color.dim("  (side by side)") : ""}`,
    );
  }
  // Wall-clock, not the sum: steps that ran together overlap.
  console.log(`    ${"total".padEnd(30)} ${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s`);
}

/** One plain closing line, so whoever reads the end of the log sees at once how many tests ran. */
function printCounts() {
  const counts = countResults(REPORTS.map((report) => fromRoot(report)));
  if (counts) console.log(`Tests: ${formatCounts(counts)}`);
}

/**
 * The environment of every test process: the chosen test services and fixed secrets.
 * @param {{ databaseUrl: string, redisUrl: string } | undefined} services
 */
function testEnvironment(services) {
  /** @type {NodeJS.ProcessEnv} */
  const env = {
    ...process.env,
    AUTH_SECRET: TEST_AUTH_SECRET,
    ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
    AUTH_TRUST_HOST: "true",
    NEXT_TELEMETRY_DISABLED: "1",
    // Dozens of test processes share one Postgres's connections: each closes what it no longer
    // uses within seconds (pg's own default), not the 5 minutes a long-running process keeps.
    DATABASE_POOL_IDLE_SECONDS: process.env.DATABASE_POOL_IDLE_SECONDS ?? "10",
  };
  delete env.NODE_ENV; // each tool sets its own (vitest: test, next build: production)
  if (services) {
    // DATABASE_URL/REDIS_URL for vitest; TEST_* for playwright.config.ts, which never reads the app's.
    Object.assign(env, {
      DATABASE_URL: services.databaseUrl,
      REDIS_URL: services.redisUrl,
      TEST_DATABASE_URL: services.databaseUrl,
      TEST_REDIS_URL: services.redisUrl,
    });
  }
  return env;
}

/** Playwright drives Debian's Chromium; its own browser download does not work here. */
async function ensureChromium() {
  if (fs.existsSync(CHROMIUM)) return;
  if (canAptInstall()) {
    await aptInstall(["chromium"], "Chromium is needed for the browser tests");
    if (fs.existsSync(CHROMIUM)) return;
  }
  throw new BootstrapError(
    `The browser tests need Chromium at ${CHROMIUM}. On Debian/Ubuntu run: sudo apt-get install chromium\n` +
      "Or run the other suites only: npm test -- --only=static,unit,integration",
  );
}

/**
 * The integration files CI runs again through PgBouncer: the publish pipeline end to end and its
 * retries (claims, leases, attempts and the sweep, all through a transaction pooler). The crash
 * test is not among them yet: through PgBouncer it kept every target exactly once but missed its
 * lateness bound on a loaded two-core machine (decision 039), and the whole lib/publishing/ folder
 * took 95–207 s, more than the suite's budget leaves. `npm test -- --pgbouncer` runs everything.
 */
const THROUGH_PGBOUNCER = [
  "lib/publishing/publish-pipeline.integration.test.ts",
  "lib/publishing/retry-target.integration.test.ts",
];

/**
 * The environment with the database reached through PgBouncer; the direct URL kept for what
 * needs a session of its own (creating and dropping databases, migrations).
 * @param {NodeJS.ProcessEnv} env
 * @param {string} pooledUrl
 */
function throughPgBouncer(env, pooledUrl) {
  return {
    ...env,
    DATABASE_URL: pooledUrl,
    TEST_DATABASE_URL: pooledUrl,
    STORYRELAY_TEST_DIRECT_DATABASE_URL: env.DATABASE_URL,
    // Debian's PgBouncer (1.18) cannot keep prepared statements in transaction mode.
    DATABASE_PREPARED_STATEMENTS: "false",
  };
}

/**
 * @param {Set<string>} suites
 * @param {{ pgbouncer: boolean }} options
 */
async function main(suites, options) {
  const needsServices = suites.has("integration") || suites.has("e2e");
  for (const report of REPORTS) fs.rmSync(fromRoot(report), { force: true });

  step(`Preparing the test run (${[...suites].join(", ")})`);
  await timed("dependencies", ensureDependencies);
  loadEnvFile({ generateSecrets: false }); // tests use fixed secrets; .env may choose the servers
  /** @type {Awaited<ReturnType<typeof prepareServices>> | undefined} */
  let services;
  if (needsServices) await timed("services", async () => (services = await prepareServices("test")));
  const env = testEnvironment(services);
  /** @type {Awaited<ReturnType<typeof startPgBouncer>> | undefined} */
  let bouncer;
  try {
    await timed("prisma generate", () => ensurePrismaClient(env));
    if (services) await timed("migrate test database", () => migrate(env, "the test database"));
    const pooled = services && (options.pgbouncer || (process.env.CI && suites.has("integration")));
    if (pooled && env.DATABASE_URL) {
      const direct = env.DATABASE_URL;
      await timed("pgbouncer", async () => {
        bouncer = await startPgBouncer(direct);
      });
    }
    await runSuites(suites, bouncer && options.pgbouncer ? throughPgBouncer(env, bouncer.url) : env, {
      // On CI, the publish tests again through PgBouncer (when the whole run is not already).
      pooledEnv: bouncer && !options.pgbouncer ? throughPgBouncer(env, bouncer.url) : undefined,
    });
  } finally {
    await bouncer?.stop();
    // On CI nothing should outlive the run; developers keep local servers for a fast next run.
    if (process.env.CI && (services?.startedHere.postgres || services?.startedHere.redis)) {
      await stopLocalServices();
    }
  }
}

/**
 * One vitest run of the named projects (and, when given, only these files), its results saved
 * as JSON for the closing count.
 * @param {string[]} projects
 * @param {string} report
 * @param {NodeJS.ProcessEnv} env
 * @param {string[]} [files]
 */
function vitest(projects, report, env, files = []) {
  return run(
    localBin("vitest"),
    [
      "run",
      ...projects.flatMap((project) => ["--project", project]),
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${report}`,
      ...files,
    ],
    { env },
  );
}

/**
 * @param {Set<string>} suites
 * @param {NodeJS.ProcessEnv} env
 * @param {{ pooledEnv?: NodeJS.ProcessEnv }} options
 */
async function runSuites(suites, env, options) {
  // Lint first, alone: its findings read plainly within seconds.
  if (suites.has("static")) {
    await timed("lint (biome)", () => run(localBin("biome"), ["check", "."], { env }));
  }
  // The typecheck and then the build (which only feeds Playwright) run beside the Vitest suites.
  // With the integration tests in the run they go at the lowest priority (nice 19): the tests keep
  // the CPU whenever they want it, and the one-at-a-time lanes leave about half of two cores idle
  // (they wait on the wall clock), which these two then take. The build's output is held back
  // (shown if it fails), so the tests' and the typecheck's findings read plainly.
  const background = { lowPriority: suites.has("integration") };
  const sideBySide = {
    together:
      (suites.has("static") || suites.has("e2e")) && (suites.has("unit") || suites.has("integration")),
  };
  await together([
    async () => {
      if (suites.has("static")) {
        await timed(
          "typecheck (tsc)",
          () => run(localBin("tsc"), ["--noEmit"], { env, ...background }),
          sideBySide,
        );
      }
      if (suites.has("e2e")) {
        await timed("build", () => ensureBuild(env, { quiet: suites.size > 1, ...background }), sideBySide);
      }
    },
    () => runVitest(suites, env, { ...options, ...sideBySide }),
  ]);
  if (suites.has("e2e")) {
    await timed("chromium", ensureChromium);
    // Until the first spec lands, an empty e2e folder is not a failure; the closing count shows it.
    await timed("e2e (playwright)", () =>
      run(localBin("playwright"), ["test", "--pass-with-no-tests"], { env }),
    );
  }
}

/**
 * Vitest's unit and integration projects, then the integration files that run one at a time.
 * @param {Set<string>} suites
 * @param {NodeJS.ProcessEnv} env
 * @param {{ pooledEnv?: NodeJS.ProcessEnv, together: boolean }} options `together`: the checks
 *   and the build run beside it (runSuites)
 */
async function runVitest(suites, env, options) {
  const vitestProjects = ["unit", "integration"].filter((suite) => suites.has(suite));
  if (vitestProjects.length > 0) {
    await timed(`vitest (${vitestProjects.join(" + ")})`, () => vitest(vitestProjects, VITEST_REPORT, env), {
      together: options.together,
    });
  }
  if (!suites.has("integration")) return;
  // The files that must not share the machine with a busy neighbour run after the others, one at
  // a time, in two lanes side by side: the chaos tests (worker processes killed and cut off,
  // mostly waiting on the wall clock) beside the timing tests and then, on CI, the publish tests
  // through PgBouncer. One after the other they took 310 s at 40% of two cores; the lanes' own
  // databases keep them apart (test/setup/integration-pools.ts). Only the typecheck and the build
  // share the machine with them, below them (runSuites): the other integration files beside them
  // at that priority failed (a file that starts CLI processes timed out, starved; decision 046).
  const { pooledEnv } = options;
  await timedTogether([
    [
      "vitest (chaos, one at a time)",
      () => vitest(["integration-chaos"], CHAOS_REPORT, { ...env, STORYRELAY_TEST_LANE: "chaos" }),
    ],
    [
      `vitest (timing, one at a time${pooledEnv ? ", then publish tests through pgbouncer" : ""})`,
      async () => {
        await vitest(["integration-alone"], ALONE_REPORT, { ...env, STORYRELAY_TEST_LANE: "alone" });
        if (pooledEnv) {
          await vitest(["integration"], PGBOUNCER_REPORT, { ...pooledEnv, STORYRELAY_TEST_LANE: "alone" }, [
            ...THROUGH_PGBOUNCER,
          ]);
        }
      },
    ],
  ]);
}

const started = Date.now();
let suites;
const args = process.argv.slice(2);
const pgbouncer = args.includes("--pgbouncer");
try {
  suites = parseSuites(args.filter((arg) => arg !== "--pgbouncer"));
} catch (error) {
  reportFatal(error);
}
if (suites) {
  await main(suites, { pgbouncer })
    .then(() => {
      printSummary(started);
      success(color.bold(`All checks passed in ${((Date.now() - started) / 1000).toFixed(0)} s`));
    })
    .catch((error) => {
      printSummary(started);
      reportFatal(error);
    });
  printCounts();
}
