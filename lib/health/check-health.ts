import type { Redis } from "ioredis";
import type { Db } from "@/lib/db/client";

export type ServiceHealth = { ok: boolean; latencyMs: number; error?: string };
export type Health = { ok: boolean; database: ServiceHealth; redis: ServiceHealth };

const TIMEOUT_MS = 2_000;

async function probe(check: () => Promise<unknown>): Promise<ServiceHealth> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      }),
    ]);
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    // Only the message: connection errors can carry the URL, and the URL can carry a password.
    const message = error instanceof Error ? error.message.replace(/\/\/[^@/]*@/g, "//***@") : String(error);
    return { ok: false, latencyMs: Math.round(performance.now() - started), error: message };
  } finally {
    clearTimeout(timer);
  }
}

/** Whether Postgres and Redis answer, each within a bounded time, checked in parallel. */
export async function checkHealth(deps: { db: Db; redis: Redis }): Promise<Health> {
  const [database, redis] = await Promise.all([
    probe(() => deps.db.$queryRaw`SELECT 1`),
    probe(() => deps.redis.ping()),
  ]);
  return { ok: database.ok && redis.ok, database, redis };
}
