import { Prisma } from "@/lib/db/generated/client";
import { LOCKED_TRANSACTION_IDLE_MS } from "./timing";

/**
 * The statement that locks a story's row for the rest of the caller's transaction, and has
 * Postgres end that transaction should its worker go silent in it (LOCKED_TRANSACTION_IDLE_MS,
 * timing.ts says why). Ending a target takes NO KEY UPDATE; the roll-up, UPDATE.
 */
export function lockStoryRow(storyId: string, strength: "UPDATE" | "NO KEY UPDATE"): Prisma.Sql {
  return Prisma.sql`
    SELECT set_config('idle_in_transaction_session_timeout', ${String(LOCKED_TRANSACTION_IDLE_MS)}, true)
    FROM "Story" WHERE id = ${storyId} FOR ${Prisma.raw(strength)}`;
}
