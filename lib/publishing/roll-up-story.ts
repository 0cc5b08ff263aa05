import { type RolledUpStatus, rollUpStoryStatus, type TargetState } from "@/lib/core/story-status";
import { type DbOrTx, type SqlRunner, sqlIn } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { notifyMany } from "@/lib/notifications/notify";
import { storyOutcomeNotice } from "@/lib/notifications/notify-story-outcome";
import { EVENT_FOR_STATUS, emitStoryOutcome } from "@/lib/webhooks/emit-story-outcome";
import { subscribedTo } from "@/lib/webhooks/record-webhook-event";
import { lockStoryRow } from "./lock-story-row";

type StoryRef = { id: string; workspaceId: string };

/**
 * Moves a PUBLISHING story to its final status once every target has ended. Runs in the caller's
 * transaction, with the story row locked so two targets finishing at once agree on the result.
 */
export async function rollUpStory(tx: DbOrTx | SqlRunner, story: StoryRef, now: Date) {
  const sql = sqlIn(tx);
  await sql.query(lockStoryRow(story.id, "UPDATE"));
  const targets = await sql.query<{ state: TargetState }>(Prisma.sql`
    SELECT state::text AS state FROM "StoryTarget" WHERE "storyId" = ${story.id} AND "workspaceId" = ${story.workspaceId}`);
  const [status] = await rollUpStories(sql, [{ story, now, states: targets.map((t) => t.state) }]);
  return status as RolledUpStatus;
}

/**
 * rollUpStory for stories whose caller already holds their row locks and read every target's
 * state after taking them (the publish path's batched ends, end-run.ts, where the roll-up of a
 * burst's every story happens). Returns each story's status, in order. However many stories, one
 * statement moves those whose targets have all ended, and one writes their notices (notifyMany):
 * two statements per story were a quarter of a burst's (decision 047).
 */
export async function rollUpStories(
  sql: SqlRunner,
  stories: readonly { story: StoryRef; now: Date; states: readonly TargetState[] }[],
): Promise<RolledUpStatus[]> {
  const statuses = stories.map((s) => rollUpStoryStatus([...s.states]));
  const ending = stories.flatMap((s, i) => {
    const status = statuses[i] as RolledUpStatus;
    return status === "PUBLISHING" ? [] : [{ ...s, status, event: EVENT_FOR_STATUS[status] ?? null }];
  });
  if (ending.length === 0) return statuses;
  const column = <T>(pick: (s: (typeof ending)[number]) => T) => ending.map(pick);
  // What the notice needs comes back with the change, and whether any webhook wants the event.
  const changed = await sql.query<{
    id: string;
    brandId: string;
    title: string;
    authorId: string | null;
    hooked: boolean;
  }>(Prisma.sql`
    UPDATE "Story" s
    SET status = r.status::"StoryStatus", "publishedAt" = r."publishedAt", "updatedAt" = r.now
    FROM unnest(${column((s) => s.story.id)}::text[], ${column((s) => s.story.workspaceId)}::text[],
      ${column((s) => s.status)}::text[], ${column((s) => s.now)}::timestamptz[],
      ${column((s) => (s.status === "PUBLISHED" || s.status === "PARTIAL" ? s.now : null))}::timestamptz[],
      ${column((s) => s.event)}::text[]) AS r(id, "workspaceId", status, now, "publishedAt", event)
    WHERE s.id = r.id AND s."workspaceId" = r."workspaceId" AND s.status = 'PUBLISHING'
    RETURNING s.id, s."brandId", s.title, s."authorId",
      EXISTS (SELECT 1 FROM "Webhook" WHERE ${subscribedTo(Prisma.sql`r."workspaceId"`, Prisma.sql`r.event`)}) AS hooked`);
  const byId = new Map(changed.map((row) => [row.id, row]));
  const notices = [];
  for (const { story, now, status } of ending) {
    const row = byId.get(story.id);
    if (!row) continue;
    if (row.hooked) await emitStoryOutcome(sql, story, status, now);
    const notice = storyOutcomeNotice(story, status, row);
    if (notice) notices.push(notice);
  }
  await notifyMany(sql, notices);
  return statuses;
}
