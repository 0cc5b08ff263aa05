import { spawn } from "node:child_process";
import pg from "pg";
import { repoRoot } from "./processes";

/** The value after `--name` on the command line, if given. */
export function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

/** A bench's own database on the server of DATABASE_URL, and that server's admin database. */
export function databaseUrls(database: string) {
  const server = new URL(process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres");
  const own = new URL(server);
  own.pathname = `/${database}`;
  const admin = new URL(server);
  admin.pathname = "/postgres";
  return { databaseUrl: own.toString(), adminUrl: admin.toString() };
}

/** Drops and creates the bench's database, then migrates it, so every run starts from the same state. */
export async function recreateDatabase(
  database: string,
  adminUrl: string,
  databaseUrl: string,
): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${database}`);
  } finally {
    await client.end();
  }
  const child = spawn("node_modules/.bin/prisma", ["migrate", "deploy"], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const code = await new Promise((resolve) => child.once("exit", resolve));
  if (code !== 0) throw new Error("prisma migrate deploy failed on the bench database");
}
