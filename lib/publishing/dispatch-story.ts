import { CLAIMABLE_TARGET_STATES } from "@/lib/core/story-status";
import type { Sql } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { statementBatcherPer } from "@/lib/db/statement-batcher";
import { enqueuePublish } from "@/lib/queue/publish-queues";
import type { DispatchJob } from "@/lib/queue/queues";
import type { PipelineDeps } from "./deps";
import { expireStory } from "./expire-story";

type DispatchRow = {
  id: string;
  workspaceId: string;
  version: number;
  freshnessDeadline: Date | null;
  targets: { id: string; channelId: string }[];
};

/**
 * The story is (nearly) due: move it from SCHEDULED to PUBLISHING at the job's version and add
 * one publish job per open target, each with its channel's turn (channel-turns.ts). Running it
 * again for a story already PUBLISHING at that version re-adds the jobs (a no-op for jobs still
 * queued), so a crash between the status change and the fan-out loses nothing. The status change
 * and the read of the open targets are one statement, shared by the dispatches a process makes
 * at the same moment (statementBatcher): a burst dispatches a thousand stories.
 */
export async function dispatchStory(
  deps: Pick<PipelineDeps, "db" | "sql" | "queues" | "channelTurns" | "now">,
  job: DispatchJob,
): Promise<"dispatched" | "stale" | "expired"> {
  const now = deps.now();
  const story = await dispatchBatched(deps.sql, { job, now });
  if (!story) return "stale";
  if (story.freshnessDeadline && story.freshnessDeadline < now) {
    await expireStory(deps, story, now);
    return "expired";
  }
  const turns = await deps.channelTurns(story.targets.map((t) => t.channelId));
  await enqueuePublish(
    deps.queues,
    story.targets.map((t) => ({
      targetId: t.id,
      workspaceId: story.workspaceId,
      storyVersion: story.version,
    })),
    0,
    turns,
  );
  return "dispatched";
}

type DispatchRequest = { job: DispatchJob; now: Date };

async function dispatchMany(sql: Sql, requests: DispatchRequest[]): Promise<(DispatchRow | null)[]> {
  // In id order, as the batched ends lock stories (end-run.ts): two batches never wait in a cycle.
  const ordered = [...requests].sort((a, b) => (a.job.storyId < b.job.storyId ? -1 : 1));
  const rows = await sql.query<DispatchRow>(Prisma.sql`
    WITH r AS (
      SELECT * FROM unnest(${ordered.map((r) => r.job.storyId)}::text[],
        ${ordered.map((r) => r.job.workspaceId)}::text[], ${ordered.map((r) => r.job.version)}::int[],
        ${ordered.map((r) => r.now)}::timestamptz[]) AS r(id, "workspaceId", version, now)
    ), s AS (
      UPDATE "Story" SET status = 'PUBLISHING', "updatedAt" = r.now
      FROM r
      WHERE "Story".id = r.id AND "Story"."workspaceId" = r."workspaceId" AND "Story".version = r.version
        AND "Story".status IN ('SCHEDULED', 'PUBLISHING')
        -- Held while its brand or workspace waits for deletion (decision 035): it stays SCHEDULED,
        -- and an undo lets the sweep treat it like any story whose time came while it was down.
        AND NOT EXISTS (SELECT 1 FROM "Brand" b WHERE b.id = "Story"."brandId" AND b."deletionScheduledAt" IS NOT NULL)
        AND NOT EXISTS (SELECT 1 FROM "Workspace" w WHERE w.id = "Story"."workspaceId" AND w."deletionScheduledAt" IS NOT NULL)
      RETURNING "Story".id, "Story"."workspaceId", "Story".version, "Story"."freshnessDeadline"
    )
    SELECT s.id, s."workspaceId", s.version, s."freshnessDeadline",
      COALESCE((SELECT json_agg(json_build_object('id', t.id, 'channelId', t."channelId") ORDER BY t."createdAt")
        FROM "StoryTarget" t
        WHERE t."storyId" = s.id AND t.state::text = ANY(${[...CLAIMABLE_TARGET_STATES]})), '[]') AS targets
    FROM s`);
  const byId = new Map(rows.map((row) => [row.id, row]));
  return requests.map((r) => byId.get(r.job.storyId) ?? null);
}

const dispatchBatched = statementBatcherPer(dispatchMany, {
  key: (request: DispatchRequest) => request.job.storyId,
  maxBatch: 50,
});
