import pg from "pg";
import { INTEGRATION_POOLS, poolDatabaseUrl } from "./integration-pools";

// Vitest global set-up of the integration projects: one copy of the (already migrated) test
// database per pool, made fresh each run so no file sees an earlier run's rows.

const base = process.env.DATABASE_URL ?? "";
// Through PgBouncer (`npm test -- --pgbouncer`) the databases are still made on a direct
// connection: a pooler's idle server connections to the template would block the copy.
const direct = process.env.STORYRELAY_TEST_DIRECT_DATABASE_URL || base;
const names = Array.from({ length: INTEGRATION_POOLS }, (_, i) =>
  new URL(poolDatabaseUrl(base, i + 1)).pathname.slice(1),
);

/**
 * Runs `run` on a connection to the maintenance database, never to the template: a template may
 * have no other session while it is copied, and the lanes that run side by side (scripts/test.mjs)
 * each set up and tear down their copies while the other may be copying. A set-up that dropped its
 * copies from a connection to the template had that connection ended by its neighbour's
 * `pg_terminate_backend` below (seen on a full run).
 */
async function onMaintenance(run: (client: pg.Client) => Promise<void>): Promise<void> {
  const maintenance = Object.assign(new URL(direct), { pathname: "/postgres" }).toString();
  const admin = new pg.Client({ connectionString: maintenance });
  await admin.connect();
  try {
    await run(admin);
  } finally {
    await admin.end();
  }
}

async function dropCopies(admin: pg.Client): Promise<void> {
  for (const name of names) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

export async function setup(): Promise<void> {
  if (!base) return; // vitest.setup.integration.ts refuses the run with a clear message
  const template = new URL(direct).pathname.slice(1);
  await onMaintenance(async (admin) => {
    await dropCopies(admin);
    // A pooler (PgBouncer) keeps idle server connections to the template after a run through it.
    await admin.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
      [template],
    );
    for (const name of names) await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  });
}

export async function teardown(): Promise<void> {
  if (!base) return;
  await onMaintenance(dropCopies);
}
