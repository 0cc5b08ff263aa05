// Runs the real Prisma CLI, configured through the project's prisma.config.ts, against a
// throwaway database: proves that migrations work with the wasm schema engine stand-in.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { type AddressInfo, createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repoRoot = path.resolve(import.meta.dirname, "..");
const prismaBin = path.join(repoRoot, "node_modules/.bin/prisma");
// The server itself, not a pooler in front of it (`npm test -- --pgbouncer`): the CLI creates
// databases of its own, which a pooler does not know.
const serverUrl =
  process.env.STORYRELAY_TEST_DIRECT_DATABASE_URL ||
  process.env.DATABASE_URL ||
  "postgresql://postgres@127.0.0.1:5432/postgres";

function databaseUrl(name: string, port?: number): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  if (port !== undefined) {
    url.port = String(port);
  }
  return url.href;
}

const schema = `
datasource db {
  provider = "postgresql"
}

model Note {
  id    Int    @id @default(autoincrement())
  title String
}
`;

const firstMigration = `
CREATE TABLE "Note" (
    "id" SERIAL NOT NULL,
    "title" TEXT NOT NULL,

    CONSTRAINT "Note_pkey" PRIMARY KEY ("id")
);
`;

// Importing the project config is what points the CLI at the wasm engine: this test relies on it.
const config = `
import ${JSON.stringify(path.join(repoRoot, "prisma.config.ts"))};

export default {
  schema: "schema.prisma",
  migrations: { path: "migrations" },
  datasource: { url: process.env.DATABASE_URL },
};
`;

let workDir: string;
const database = `prisma_engine_test_${randomBytes(4).toString("hex")}`;

type PrismaRun = { exitCode: number; stdout: string; stderr: string };

function prisma(args: string[], url: string): Promise<PrismaRun> {
  // Without an inherited engine path, only prisma.config.ts can provide it.
  const { PRISMA_SCHEMA_ENGINE_BINARY: _, ...env } = process.env;
  return new Promise((resolve) => {
    execFile(
      prismaBin,
      [...args, "--config", path.join(workDir, "prisma.config.ts")],
      { cwd: workDir, env: { ...env, DATABASE_URL: url } },
      (error, stdout, stderr) => {
        resolve({ exitCode: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

async function withServerClient<T>(use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl("postgres") });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** A local port nothing listens on: bound by the OS, then released. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), "prisma-schema-engine-"));
  await writeFile(path.join(workDir, "schema.prisma"), schema);
  await writeFile(path.join(workDir, "prisma.config.ts"), config);
  await mkdir(path.join(workDir, "migrations", "20250101000000_init"), { recursive: true });
  await writeFile(path.join(workDir, "migrations", "20250101000000_init", "migration.sql"), firstMigration);
  await writeFile(path.join(workDir, "migrations", "migration_lock.toml"), 'provider = "postgresql"\n');
});

afterAll(async () => {
  await withServerClient((client) =>
    client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(database)} WITH (FORCE)`),
  );
  await rm(workDir, { recursive: true, force: true });
});

// In order: `migrate status` checks the database that `migrate deploy` created and migrated.
describe("Prisma CLI with the wasm schema engine", () => {
  it("migrate deploy creates the database and applies the migration", async () => {
    const run = await prisma(["migrate", "deploy"], databaseUrl(database));

    expect(run.exitCode, run.stderr).toBe(0);
    const client = new pg.Client({ connectionString: databaseUrl(database) });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT to_regclass('public."Note"') IS NOT NULL AS "exists"`);
      expect(rows[0]).toEqual({ exists: true });
    } finally {
      await client.end();
    }
  });

  it("migrate status reports the database up to date", async () => {
    const run = await prisma(["migrate", "status"], databaseUrl(database));

    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain("Database schema is up to date!");
  });

  it("migrate diff prints the SQL for a schema", async () => {
    const run = await prisma(
      ["migrate", "diff", "--from-empty", "--to-schema", "schema.prisma", "--script"],
      databaseUrl(database),
    );

    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain('CREATE TABLE "Note"');
  });

  it("fails with P1001 when the database server cannot be reached", async () => {
    const run = await prisma(["migrate", "status"], databaseUrl(database, await closedPort()));

    expect(run.exitCode).not.toBe(0);
    expect(run.stderr).toContain("P1001");
    expect(run.stderr).toContain("Can't reach database server");
  });
});
