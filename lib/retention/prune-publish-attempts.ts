import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";

/** Where a pass over old attempts stopped: the next batch starts after this (startedAt, id). */
export type AttemptCursor = { startedAt: Date; id: string };

/**
 * Targets whose attempts may go: they never run again by themselves. UNCONFIRMED is left out on
 * purpose: a person still has to say whether it went out, and the attempts are their evidence.
 */
const PRUNABLE_TARGET_STATES = ["PUBLISHED", "FAILED", "SKIPPED", "EXPIRED"];

export type PruneAttemptsOptions = {
  /** Attempts that started before this may go. */
  before: Date;
  /** Rows looked at per statement: each statement deletes at most this many. */
  batchSize: number;
  /** Statements per call; the returned cursor resumes where the call stopped. */
  maxBatches: number;
  after?: AttemptCursor | null;
  /** Confines the pass to one workspace (tests). */
  workspaceId?: string;
};

type BatchRow = { scanned: number; deleted: number; lastStartedAt: Date | null; lastId: string | null };

/**
 * Deletes the publish attempts of finished targets that started before `before`, except each
 * target's last attempt, which stays as long as the story: the story page can always say how a
 * target ended, and the claim numbers a later manual retry after it (max + 1), never "Attempt 1"
 * again.
 *
 * Walks the attempts oldest first along PublishAttempt(startedAt, id), `batchSize` rows per
 * statement, so each statement touches a bounded slice and locks only the rows it deletes (the
 * claim only inserts, so it never waits on them). The kept rows are stepped over by the cursor,
 * not read again by every batch. A call stops after `maxBatches` and returns the cursor to resume
 * from; `next` is null once the pass reached `before`, and the next pass starts from the oldest
 * again (a target that finished since, or a retried one whose old "last" attempt is no longer the
 * last, may have rows behind the old cursor).
 */
export async function prunePublishAttempts(
  deps: { db: Db },
  options: PruneAttemptsOptions,
): Promise<{ scanned: number; deleted: number; next: AttemptCursor | null }> {
  let cursor = options.after ?? null;
  let scanned = 0;
  let deleted = 0;
  const only = options.workspaceId ?? null;
  for (let batch = 0; batch < options.maxBatches; batch++) {
    const afterAt = cursor?.startedAt ?? new Date(0);
    const afterId = cursor?.id ?? "";
    const [row] = await deps.db.$queryRaw<BatchRow[]>(Prisma.sql`
      WITH scanned AS (
        SELECT pa.id, pa."workspaceId", pa."targetId", pa."attemptNumber", pa."startedAt"
          FROM "PublishAttempt" pa
         WHERE pa."startedAt" < ${options.before}
           AND (pa."startedAt", pa.id) > (${afterAt}::timestamptz, ${afterId}::text)
           AND (${only}::text IS NULL OR pa."workspaceId" = ${only}::text)
         ORDER BY pa."startedAt", pa.id
         LIMIT ${options.batchSize}
      ), doomed AS (
        SELECT s.id FROM scanned s
          JOIN "StoryTarget" t ON t.id = s."targetId" AND t."workspaceId" = s."workspaceId"
         WHERE t.state::text = ANY(${PRUNABLE_TARGET_STATES})
           AND EXISTS (SELECT 1 FROM "PublishAttempt" later
                        WHERE later."workspaceId" = s."workspaceId" AND later."targetId" = s."targetId"
                          AND later."attemptNumber" > s."attemptNumber")
      ), gone AS (
        DELETE FROM "PublishAttempt" pa USING doomed d WHERE pa.id = d.id RETURNING 1
      ), last AS (
        SELECT "startedAt", id FROM scanned ORDER BY "startedAt" DESC, id DESC LIMIT 1
      )
      SELECT (SELECT count(*)::int FROM scanned) AS scanned,
             (SELECT count(*)::int FROM gone) AS deleted,
             (SELECT "startedAt" FROM last) AS "lastStartedAt",
             (SELECT id FROM last) AS "lastId"`);
    scanned += row?.scanned ?? 0;
    deleted += row?.deleted ?? 0;
    if (!row?.lastStartedAt || !row.lastId || row.scanned < options.batchSize) {
      return { scanned, deleted, next: null };
    }
    cursor = { startedAt: row.lastStartedAt, id: row.lastId };
  }
  return { scanned, deleted, next: cursor };
}
