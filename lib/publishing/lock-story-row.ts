import { escapeLiteral } from "pg";
import { Prisma } from "@/lib/db/generated/client";
import { LOCKED_TRANSACTION_IDLE_MS } from "./timing";

type Strength = "UPDATE" | "NO KEY UPDATE";

/**
 * The statement that locks a story's row for the rest of the caller's transaction, and has
 * Postgres end that transaction should its worker go silent in it (LOCKED_TRANSACTION_IDLE_MS,
 * timing.ts says why). Ending a target takes NO KEY UPDATE; the roll-up, UPDATE.
 *
 * As text with the id written in as a literal, so it can go with BEGIN in one round trip
 * (`sql().transaction(work, { opening })`): the end of every publish run starts this way.
 */
export function lockStoryRowText(storyId: string, strength: Strength): string {
  return lockStoryRowsText([storyId], strength);
}

/**
 * The same for several stories (the ends a process makes together, end-run.ts), in id order:
 * two transactions that lock some of the same stories then never wait for each other in a cycle.
 */
export function lockStoryRowsText(storyIds: readonly string[], strength: Strength): string {
  return `SELECT set_config('idle_in_transaction_session_timeout', '${LOCKED_TRANSACTION_IDLE_MS}', true)
    FROM "Story" WHERE id IN (${storyIds.map((id) => escapeLiteral(id)).join(", ")}) ORDER BY id FOR ${strength}`;
}

/** The same as a statement of its own. */
export function lockStoryRow(storyId: string, strength: Strength): Prisma.Sql {
  return Prisma.raw(lockStoryRowText(storyId, strength));
}
