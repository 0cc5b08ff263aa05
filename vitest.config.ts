import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { INTEGRATION_POOLS } from "./test/setup/integration-pools";

const root = fileURLToPath(new URL(".", import.meta.url));

const INTEGRATION = "{lib,app,workers,simulators,scripts,prisma}/**/*.integration.test.ts";

/**
 * Integration files that start, kill and cut off real worker processes while stories fall due,
 * against a bound on lateness: one at a time after everything else, so a busy neighbour cannot
 * fail them. `npm test` runs them beside the ALONE files (scripts/test.mjs): they spend most of
 * their time waiting on the wall clock, about 40% of two cores.
 */
const CHAOS = [
  "workers/crash.integration.test.ts",
  "workers/redis-cluster.integration.test.ts",
  "workers/redis-sentinel.integration.test.ts",
  // Worker processes on two network namespaces, one cut off mid-burst.
  "workers/two-hosts.integration.test.ts",
];

/**
 * Integration files whose assertions depend on the machine having time for them: fairness
 * between accounts measured in dispatch order, leases and hand-offs that expire on the wall
 * clock, CPU-bound media work, the real processes started through the image's entrypoint. One at
 * a time after everything else.
 */
const ALONE = [
  "lib/publishing/fairness.integration.test.ts",
  "lib/publishing/handoff.integration.test.ts",
  "lib/publishing/lease.integration.test.ts",
  "lib/media/process-media-asset.integration.test.ts",
  "lib/media/ffmpeg.integration.test.ts",
  "scripts/entrypoint.integration.test.ts",
];

const integration = {
  environment: "node" as const,
  globalSetup: ["./test/setup/clone-pool-databases.ts"],
  setupFiles: ["./test/setup/use-pool-database.ts", "./vitest.setup.integration.ts"],
  testTimeout: 30_000,
  hookTimeout: 60_000,
};

// `isolate: false` in the unit and integration projects: each worker process loads the app's
// modules once and runs file after file in them, instead of a fresh process per file. Loading
// Prisma, BullMQ and the Next.js routes again for every file was most of the suite's time (the
// integration project: 254 s → 114 s on two cores). No test mocks modules or changes the
// environment after loading, and the process-wide clients stay open between files
// (vitest.setup.integration.ts). The files that run alone keep a process each: they start and
// kill worker processes and measure time.
//
// Projects so `npm test` can report them apart: unit tests touch nothing outside the process;
// integration tests talk to the real Postgres, Redis and simulators the bootstrap provides
// (scripts/test.mjs sets DATABASE_URL and REDIS_URL to the test-only database).
export default defineConfig({
  resolve: { alias: { "@": root } },
  test: {
    // Vitest's default is one worker per core less one: a single worker on a two-core CI
    // machine. Integration files spend most of their time waiting on Postgres, Redis, BullMQ
    // and the simulators, so four at a time keep two cores busy; each worker has a database of
    // its own (test/setup/integration-pools.ts).
    maxWorkers: INTEGRATION_POOLS,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          isolate: false,
          include: ["{lib,app,workers,simulators,scripts,prisma}/**/*.test.ts"],
          exclude: ["**/*.integration.test.ts", "node_modules/**"],
          environment: "node",
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          isolate: false,
          include: [INTEGRATION],
          exclude: [...CHAOS, ...ALONE, "node_modules/**"],
          ...integration,
        },
      },
      // One worker each and the default group order: Vitest runs these last, one file at a time.
      {
        extends: true,
        test: { name: "integration-chaos", include: CHAOS, maxWorkers: 1, ...integration },
      },
      {
        extends: true,
        test: { name: "integration-alone", include: ALONE, maxWorkers: 1, ...integration },
      },
    ],
  },
});
