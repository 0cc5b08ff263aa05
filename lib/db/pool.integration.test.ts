import pg from "pg";
import { describe, expect, it } from "vitest";
import { env } from "@/lib/env";
import { waitUntil } from "@/test/assert/wait-until";
import { sql } from "./client";
import { Prisma } from "./generated/client";

// Through PgBouncer (`npm test -- --pgbouncer`) the pool's connections end at the pooler, which
// outlives a Postgres backend: there is no broken client connection to see there.
const throughPooler = Boolean(process.env.STORYRELAY_TEST_DIRECT_DATABASE_URL);

describe("the process's connection pool", () => {
  it.skipIf(throughPooler)(
    "drops an idle connection that Postgres ended, with a warning, and keeps serving",
    async () => {
      const warnings: string[] = [];
      const onWarning = (warning: Error) => warnings.push(warning.message);
      process.on("warning", onWarning);
      const admin = new pg.Client({ connectionString: env().DATABASE_URL });
      await admin.connect();
      try {
        // The backend of a connection that is now idle in the pool.
        const [row] = await sql().query<{ pid: number }>(Prisma.sql`SELECT pg_backend_pid() AS pid`);
        await admin.query("SELECT pg_terminate_backend($1)", [row?.pid]);

        await waitUntil(
          async () => warnings.find((text) => text.startsWith("an idle Postgres connection failed")),
          { timeoutMs: 5_000, what: "the pool's warning about the ended connection" },
        );
        const [after] = await sql().query<{ one: number }>(Prisma.sql`SELECT 1 AS one`);
        expect(after).toEqual({ one: 1 });
      } finally {
        process.off("warning", onWarning);
        await admin.end();
      }
    },
  );
});
