import { formatNamedInstant } from "@/lib/core/instant-format";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { notify } from "@/lib/notifications/notify";

const BATCH = 500;

/**
 * Stories still waiting for review when their time came: they are not published (only a
 * SCHEDULED story is dispatched), so each is marked overdue once (`Story.reviewOverdueAt`) and
 * its reviewers (by role, on its brand) and its author are told, in the same transaction as the
 * mark. The conditional UPDATE claims the rows, so two sweeps running at once (or one run again
 * after a crash) mark and notify each story exactly once. Approving it later, rescheduling it or
 * editing it clears the mark (lib/stories). Returns how many were marked.
 */
export async function markReviewsOverdue(deps: { db: Db }, now: Date): Promise<number> {
  return deps.db.$transaction(async (tx) => {
    const marked = await tx.$queryRaw<
      {
        id: string;
        workspaceId: string;
        brandId: string;
        authorId: string | null;
        title: string;
        scheduledAt: Date;
        timeZone: string | null;
      }[]
    >(Prisma.sql`
      UPDATE "Story" SET "reviewOverdueAt" = ${now}
      WHERE id IN (
        SELECT id FROM "Story"
        WHERE status = 'IN_REVIEW' AND "scheduledAt" <= ${now} AND "reviewOverdueAt" IS NULL
        ORDER BY "scheduledAt" LIMIT ${BATCH}
        FOR UPDATE SKIP LOCKED)
      AND "reviewOverdueAt" IS NULL
      RETURNING id, "workspaceId", "brandId", "authorId", title, "scheduledAt", "timeZone"`);
    for (const story of marked) {
      const due = formatNamedInstant(story.scheduledAt, story.timeZone ?? "UTC", "date-time", now);
      await notify(tx, {
        kind: "story.approval_overdue",
        workspaceId: story.workspaceId,
        brandId: story.brandId,
        userIds: [story.authorId],
        title: `Overdue approval: ${story.title || "Untitled story"}`,
        body: `It needed approval by ${due} and was not published. Approve it to publish it now while its latest start allows, or move it to a new time.`,
        path: `/stories/${story.id}`,
      });
    }
    return marked.length;
  });
}
