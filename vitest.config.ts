import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

// Two projects so `npm test` can report them apart: unit tests touch nothing outside the
// process; integration tests talk to the real Postgres, Redis and simulators the bootstrap
// provides (scripts/test.mjs sets DATABASE_URL and REDIS_URL to the test-only database).
export default defineConfig({
  resolve: { alias: { "@": root } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["{lib,app,workers,simulators,scripts,prisma}/**/*.test.ts"],
          exclude: ["**/*.integration.test.ts", "node_modules/**"],
          environment: "node",
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["{lib,app,workers,simulators,scripts,prisma}/**/*.integration.test.ts"],
          environment: "node",
          setupFiles: ["./vitest.setup.integration.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
