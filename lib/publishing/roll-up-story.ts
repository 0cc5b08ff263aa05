import { rollUpStoryStatus, type TargetState } from "@/lib/core/story-status";
import { type DbOrTx, type SqlRunner, sqlIn } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { notifyStoryOutcome } from "@/lib/notifications/notify-story-outcome";
import { EVENT_FOR_STATUS, emitStoryOutcome } from "@/lib/webhooks/emit-story-outcome";
import { subscribedTo } from "@/lib/webhooks/record-webhook-event";
import { lockStoryRow } from "./lock-story-row";

/**
 * Moves a PUBLISHING story to its final status once every target has ended. Runs in the caller's
 * transaction, with the story row locked so two targets finishing at once agree on the result.
 *
 * `ended`: the caller already holds the story's row lock and read every target's state after
 * taking it (the publish path's finish(), where the roll-up of a burst's every story happens):
 * then the roll-up is one statement, plus the notice's.
 */
export async function rollUpStory(
  tx: DbOrTx | SqlRunner,
  story: { id: string; workspaceId: string },
  now: Date,
  ended?: { states: readonly TargetState[] },
) {
  const sql = sqlIn(tx);
  let states = ended?.states;
  if (!states) {
    await sql.query(lockStoryRow(story.id, "UPDATE"));
    const targets = await sql.query<{ state: TargetState }>(Prisma.sql`
      SELECT state::text AS state FROM "StoryTarget" WHERE "storyId" = ${story.id} AND "workspaceId" = ${story.workspaceId}`);
    states = targets.map((t) => t.state);
  }
  const status = rollUpStoryStatus([...states]);
  if (status === "PUBLISHING") return status;
  const publishedAt = status === "PUBLISHED" || status === "PARTIAL" ? now : null;
  const event = EVENT_FOR_STATUS[status];
  const hooked = event
    ? Prisma.sql`EXISTS (SELECT 1 FROM "Webhook" WHERE ${subscribedTo(story.workspaceId, event)})`
    : Prisma.sql`false`;
  // What the notice needs comes back with the change, and whether any webhook wants the event.
  const [changed] = await sql.query<{
    brandId: string;
    title: string;
    authorId: string | null;
    hooked: boolean;
  }>(
    Prisma.sql`
    UPDATE "Story"
    SET status = ${status}::"StoryStatus", "publishedAt" = ${publishedAt}, "updatedAt" = ${now}
    WHERE id = ${story.id} AND "workspaceId" = ${story.workspaceId} AND status = 'PUBLISHING'
    RETURNING "brandId", title, "authorId", ${hooked} AS hooked`,
  );
  if (changed) {
    if (changed.hooked) await emitStoryOutcome(sql, story, status, now);
    await notifyStoryOutcome(sql, story, status, changed);
  }
  return status;
}
