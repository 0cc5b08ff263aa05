import { FINAL_TARGET_STATES } from "@/lib/core/story-status";
import type { Sql } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import type { AttemptOutcome, ErrorClass, TargetState, WaitReason } from "@/lib/db/generated/enums";
import { statementBatcherPer } from "@/lib/db/statement-batcher";
import { byTargetId } from "./claim-target";
import { lockStoryRowsText } from "./lock-story-row";
import { rollUpStories } from "./roll-up-story";

export type RunEnd = {
  story: { id: string; workspaceId: string };
  targetId: string;
  /** The run's lease token: only the holder ends the target. */
  token: string;
  attemptId: string;
  state: TargetState;
  outcome: AttemptOutcome;
  now: Date;
  /** The target's current error; null clears it when the target ends PUBLISHED, else keeps it. */
  failure: { errorClass: ErrorClass | null; code: string | null; message: string } | null;
  /** The wait the target is left in (NEEDS_REAUTH) or expired because of; none otherwise. */
  wait: { reason: WaitReason; until: Date | null; detail: string | null } | null;
  /** The last frame's platform answer, when the run ends by publishing it. */
  published: {
    frameId: string;
    mediaId: string | null;
    postId: string | null;
    permalink: string | null;
  } | null;
};

/**
 * Ends a run in its state and closes its attempt (with the last frame's platform answer, when the
 * run ends by publishing it), and rolls the story up if this was its last open target, all in one
 * transaction: the story's final status, its notices and webhook event exist exactly when its last
 * target's end does.
 *
 * The transaction first locks the story rows, so the targets of one story end one after another:
 * the states of a story's other targets are read after the previous end committed (read committed
 * takes a snapshot per statement), and so exactly the last one to end finds them all ended. A
 * target ended elsewhere without this lock (a handoff, a reconnect) is rolled up by the sweep.
 *
 * The ends a process makes while one is on its way share one transaction (statementBatcher): its
 * stories are locked in id order, as every batch of ours that locks several does, so two never
 * wait for each other in a cycle; the targets are written in id order (byTargetId). A story with
 * several targets in the batch is rolled up once, when all its targets have ended.
 *
 * The end does not wait for its WAL flush, so ends waiting for a story's lock get it that much
 * sooner. A Postgres crash can lose only an end (never the intent before it, which is flushed):
 * the frame is then back to an intent without a result, its lease runs out, and the sweep's next
 * run asks the platform and ends it again, as after a lost publish answer (decision 045).
 */
export async function endRun(sql: Sql, end: RunEnd): Promise<void> {
  await endBatched(sql, end);
}

async function endMany(sql: Sql, unordered: RunEnd[]): Promise<null[]> {
  const ends = byTargetId(unordered);
  const storyIds = [...new Set(ends.map((end) => end.story.id))].sort();
  const column = <T>(pick: (end: RunEnd) => T) => ends.map(pick);
  await sql.transaction(
    async (tx) => {
      const rows = await tx.query<{ targetId: string; ended: boolean; others: TargetState[] }>(Prisma.sql`
      WITH req AS (
        SELECT * FROM unnest(
          ${column((e) => e.targetId)}::text[], ${column((e) => e.story.id)}::text[],
          ${column((e) => e.token)}::text[], ${column((e) => e.attemptId)}::text[],
          ${column((e) => e.state)}::text[], ${column((e) => e.outcome)}::text[], ${column((e) => e.now)}::timestamptz[],
          ${column((e) => e.failure !== null)}::boolean[], ${column((e) => e.failure?.errorClass ?? null)}::text[],
          ${column((e) => e.failure?.code ?? null)}::text[], ${column((e) => e.failure?.message ?? null)}::text[],
          ${column((e) => e.wait?.reason ?? null)}::text[], ${column((e) => e.wait?.until ?? null)}::timestamptz[],
          ${column((e) => e.wait?.detail ?? null)}::text[], ${column((e) => e.published?.frameId ?? null)}::text[],
          ${column((e) => e.published?.mediaId ?? null)}::text[], ${column((e) => e.published?.postId ?? null)}::text[],
          ${column((e) => e.published?.permalink ?? null)}::text[]
        ) WITH ORDINALITY AS r("targetId", "storyId", token, "attemptId", state, outcome, now, failed,
          "errorClass", "errorCode", "errorMessage", "waitReason", "waitUntil", "waitDetail", "frameId",
          "mediaId", "postId", permalink, n)
      ), target AS (
        UPDATE "StoryTarget" t
        SET state = r.state::"TargetState", "leaseToken" = NULL, "leaseExpiresAt" = NULL,
            "nextAttemptAt" = NULL, "updatedAt" = r.now,
            "publishedAt" = CASE WHEN r.state = 'PUBLISHED' THEN r.now ELSE t."publishedAt" END,
            -- A published target has no current error: the transient ones before it stay in the
            -- attempt log.
            "lastErrorClass" = CASE WHEN r.failed THEN r."errorClass"::"ErrorClass"
              WHEN r.state = 'PUBLISHED' THEN NULL ELSE t."lastErrorClass" END,
            "lastErrorCode" = CASE WHEN r.failed THEN r."errorCode"
              WHEN r.state = 'PUBLISHED' THEN NULL ELSE t."lastErrorCode" END,
            "lastErrorMessage" = CASE WHEN r.failed THEN r."errorMessage"
              WHEN r.state = 'PUBLISHED' THEN NULL ELSE t."lastErrorMessage" END,
            permalink = COALESCE(t.permalink, r.permalink),
            "waitReason" = r."waitReason"::"WaitReason", "waitUntil" = r."waitUntil", "waitDetail" = r."waitDetail"
        FROM req r
        WHERE t.id = r."targetId" AND t."leaseToken" = r.token
        RETURNING t.id
      ), attempt AS (
        UPDATE "PublishAttempt" a
        SET outcome = r.outcome::"AttemptOutcome", "errorClass" = r."errorClass"::"ErrorClass",
            "errorCode" = r."errorCode", "errorMessage" = r."errorMessage", "finishedAt" = r.now
        FROM req r
        WHERE a.id = r."attemptId"
      ), frame AS (
        -- The platform's answer is the truth: the frame is stored as published whatever our lease says.
        UPDATE "StoryTargetFrame" f
        SET state = 'PUBLISHED', "externalMediaId" = r."mediaId", "externalPostId" = r."postId",
            "publishedAt" = r.now, "updatedAt" = r.now
        FROM req r
        WHERE f.id = r."frameId"
      )
      SELECT r."targetId", EXISTS (SELECT 1 FROM target WHERE target.id = r."targetId") AS ended,
        -- The story's targets not ended here, as they were before this statement: the story's
        -- lock makes that final for every one of them.
        ARRAY(SELECT o.state::text FROM "StoryTarget" o
          WHERE o."storyId" = r."storyId" AND o.id NOT IN (SELECT id FROM target)) AS others
      FROM req r
      ORDER BY r.n`);
      // The last one to end rolls its story up, in this transaction: all of the batch's at once.
      const rollUps = storyIds.flatMap((storyId) => {
        const ofStory = ends.flatMap((end, i) => (end.story.id === storyId && rows[i]?.ended ? [end] : []));
        const last = ofStory.at(-1);
        if (!last) return [];
        const others = rows[ends.indexOf(last)]?.others ?? [];
        const states = [...others, ...ofStory.map((end) => end.state)];
        return states.every((state) => FINAL_TARGET_STATES.includes(state))
          ? [{ story: last.story, now: last.now, states }]
          : [];
      });
      if (rollUps.length > 0) await rollUpStories(tx, rollUps);
    },
    { opening: `SET LOCAL synchronous_commit = off; ${lockStoryRowsText(storyIds, "NO KEY UPDATE")}` },
  );
  return ends.map(() => null);
}

/** Fewer ends than claims in a batch: each story of the batch stays locked until its commit. */
const endBatched = statementBatcherPer(endMany, {
  key: (end: RunEnd) => end.targetId,
  maxBatch: 25,
});
