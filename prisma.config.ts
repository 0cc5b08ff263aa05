import { fileURLToPath } from "node:url";
import { defineConfig } from "prisma/config";

// The Prisma CLI would download its native schema engine from a host this machine cannot reach:
// run our wasm-based stand-in instead, on every machine, so all of them behave the same.
// See scripts/prisma-schema-engine.mjs.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(
  new URL("./scripts/prisma-schema-engine.mjs", import.meta.url),
);

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: {
    path: "prisma/migrations",
    seed: "tsx prisma/seed.ts",
  },
  datasource: {
    // Read directly: Prisma's env() throws when the variable is unset, and `prisma generate` must
    // work without a database.
    url: process.env.DATABASE_URL,
  },
});
