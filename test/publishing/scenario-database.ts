import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { repoRoot } from "@/bench/support/processes";
import { env } from "@/lib/env";

/**
 * A database of a scenario's own (<test db>_<label>_<random>), created, migrated and dropped here,
 * for tests that run real worker processes: the workers' sweep is global, so on the shared test
 * database they would pick up the targets of integration tests running beside them and publish
 * them to the scenario's simulator, failing those tests at random. Unique per run: anyone's
 * `npm test` in the same checkout runs the file too, and two runs must not drop each other's
 * database.
 */
export function scenarioDatabase(label: string) {
  const testDatabaseUrl = new URL(env().DATABASE_URL);
  const name = `${testDatabaseUrl.pathname.slice(1)}_${label}_${randomBytes(4).toString("hex")}`;
  const url = Object.assign(new URL(testDatabaseUrl), { pathname: `/${name}` }).toString();
  // Through PgBouncer (`npm test -- --pgbouncer`) the workers and the test's client use it,
  // while creating, migrating and dropping the database go direct: those need a session.
  const directServer = process.env.STORYRELAY_TEST_DIRECT_DATABASE_URL;
  const adminUrl = Object.assign(new URL(directServer ?? testDatabaseUrl), {
    pathname: testDatabaseUrl.pathname,
  }).toString();
  const directUrl = Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();

  async function admin(statement: string): Promise<void> {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  }

  return {
    name,
    /** What the workers and the test's own client use (through PgBouncer when the run does). */
    url,
    async create(): Promise<void> {
      await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin(`CREATE DATABASE "${name}"`);
      const migrate = spawn("node_modules/.bin/prisma", ["migrate", "deploy"], {
        cwd: repoRoot,
        env: { ...process.env, DATABASE_URL: directUrl },
        stdio: ["ignore", "ignore", "pipe"],
      });
      let stderr = "";
      migrate.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const code = await new Promise((resolve) => migrate.once("exit", resolve));
      if (code !== 0) throw new Error(`prisma migrate deploy on ${name} failed: ${stderr}`);
    },
    drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined),
  };
}
