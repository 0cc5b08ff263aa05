import { readdir } from "node:fs/promises";
import path from "node:path";
import type { Redis } from "ioredis";
import type { Db } from "@/lib/db/client";
import { checkHealth, type Health } from "./check-health";

export type Readiness = Health & { migrations: { ok: boolean; pending: string[]; error?: string } };

/** Where `prisma migrate deploy` reads migrations from: the repository's, or the image's copy. */
export const MIGRATIONS_DIR = path.resolve("prisma/migrations");

/**
 * Ready to serve: Postgres and Redis answer, and every migration shipped with this code has been
 * applied (a web or worker started before the migrate step would fail on the first missing
 * column). Liveness asks none of this: a process that is up but cannot reach a database should be
 * taken out of the load balancer, not restarted in a loop.
 */
export async function checkReadiness(
  deps: { db: Db; redis: Redis },
  migrationsDir: string = MIGRATIONS_DIR,
): Promise<Readiness> {
  const health = await checkHealth(deps);
  const migrations = health.database.ok
    ? await pendingMigrations(deps.db, migrationsDir)
    : { ok: false, pending: [], error: "database unreachable" };
  return { ...health, ok: health.ok && migrations.ok, migrations };
}

async function pendingMigrations(db: Db, dir: string): Promise<Readiness["migrations"]> {
  try {
    const shipped = (await readdir(dir, { withFileTypes: true }))
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    const applied = await db.$queryRaw<{ migration_name: string }[]>`
      SELECT migration_name FROM "_prisma_migrations"
      WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
    const done = new Set(applied.map((row) => row.migration_name));
    const pending = shipped.filter((name) => !done.has(name)).sort();
    return { ok: pending.length === 0, pending };
  } catch (error) {
    return {
      ok: false,
      pending: [],
      error: error instanceof Error ? error.message.slice(0, 200) : "unknown",
    };
  }
}
