import type { Sql } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { statementBatcherPer } from "@/lib/db/statement-batcher";
import { byTargetId } from "./claim-target";

export type IntentRequest = {
  storyId: string;
  storyVersion: number;
  targetId: string;
  frameId: string;
  /** The run's lease token: only the holder records an intent. */
  token: string;
  containerId: string;
  now: Date;
};

/**
 * `story`: the story was still PUBLISHING at the job's version (false: canceled or changed, no
 * intent recorded); `frame`: the frame was marked, so the lease was still ours.
 */
export type IntentRecorded = { story: boolean; frame: boolean };

/**
 * Records the intent to publish a frame, but only while the story is still PUBLISHING at the
 * version the job was made for. The story's row is locked for share, so a cancel (which locks it
 * for update) either commits first, and then no intent is recorded, or waits for this one.
 *
 * The intents a process records while one is on its way go out as one statement and one commit
 * (statementBatcher): at a burst's instant every held run records its intent at once. Each is
 * decided as if alone and is on disk, like the statement alone, before its publish call.
 */
export function recordIntents(sql: Sql, request: IntentRequest): Promise<IntentRecorded> {
  return intentBatched(sql, request);
}

async function recordMany(sql: Sql, unordered: IntentRequest[]): Promise<IntentRecorded[]> {
  // In target id order, as the lease renewals that write the same targets.
  const requests = byTargetId(unordered);
  const rows = await sql.query<{ n: number; story: boolean; frame: boolean }>(Prisma.sql`
    WITH req AS (
      SELECT * FROM unnest(
        ${requests.map((r) => r.storyId)}::text[], ${requests.map((r) => r.storyVersion)}::int[],
        ${requests.map((r) => r.targetId)}::text[], ${requests.map((r) => r.frameId)}::text[],
        ${requests.map((r) => r.token)}::text[], ${requests.map((r) => r.containerId)}::text[],
        ${requests.map((r) => r.now)}::timestamptz[]
      ) WITH ORDINALITY AS r("storyId", version, "targetId", "frameId", token, "containerId", now, n)
    ), s AS (
      -- In id order: two batches that share stories take their locks in the same order.
      SELECT id, version FROM "Story"
      WHERE id IN (SELECT "storyId" FROM req) AND status = 'PUBLISHING'
      ORDER BY id
      FOR SHARE
    ), live AS (
      SELECT r.* FROM req r JOIN s ON s.id = r."storyId" AND s.version = r.version
    ), f AS (
      UPDATE "StoryTargetFrame" f
      SET state = 'PUBLISHING', "externalContainerId" = l."containerId", "publishIntentAt" = l.now,
          "updatedAt" = l.now
      FROM live l, "StoryTarget" t
      WHERE f.id = l."frameId" AND t.id = f."targetId" AND t.id = l."targetId" AND t."leaseToken" = l.token
      RETURNING f.id
    ), t AS (
      UPDATE "StoryTarget" t SET state = 'PUBLISHING', "updatedAt" = l.now
      FROM live l
      WHERE t.id = l."targetId" AND t."leaseToken" = l.token
    )
    SELECT r.n::int AS n,
      EXISTS (SELECT 1 FROM live l WHERE l.n = r.n) AS story,
      EXISTS (SELECT 1 FROM f WHERE f.id = r."frameId") AS frame
    FROM req r
    ORDER BY r.n`);
  const answers = new Map(requests.map((request, i) => [request, rows[i]]));
  return unordered.map((request) => {
    const row = answers.get(request);
    if (!row) throw new Error("an intent without an answer");
    return { story: row.story, frame: row.frame };
  });
}

const intentBatched = statementBatcherPer(recordMany, {
  key: (request: IntentRequest) => request.targetId,
  maxBatch: 50,
});
