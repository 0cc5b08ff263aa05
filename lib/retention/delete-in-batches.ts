import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";

/**
 * Runs a DELETE that removes at most `batchSize` rows (its own LIMIT) until one removes fewer, or
 * `maxBatches` have run. `done` is false when it stopped at `maxBatches`: rows may be left for the
 * next call. Each statement starts from what is left, so there is nothing to resume.
 */
export async function deleteInBatches(
  deps: { db: Db },
  statement: Prisma.Sql,
  limits: { batchSize: number; maxBatches: number },
): Promise<{ deleted: number; done: boolean }> {
  let deleted = 0;
  for (let batch = 0; batch < limits.maxBatches; batch++) {
    const count = await deps.db.$executeRaw(statement);
    deleted += count;
    if (count < limits.batchSize) return { deleted, done: true };
  }
  return { deleted, done: false };
}
