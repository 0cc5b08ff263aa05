import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { thumbnailKeyOf, thumbnailSelect } from "@/lib/media/thumbnail-key";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";
import { changesSinceApproval } from "./changes-since-approval";
import { frameLabel } from "./frame-label";

const FRAMES_SHOWN = 4;
/** A queue longer than this is a planning problem, not a list to scroll: the page says how many more. */
const QUEUE_LIMIT = 200;
/** The queue row names the first few changes since an earlier approval; the story page has them all. */
const CHANGES_SHOWN = 2;

/**
 * The review queue: stories of the brands the caller sees that wait for the caller's decision on
 * their current version, soonest first (so overdue ones lead). Left out: a story sent back on its
 * current version (it waits for its author until it is edited), one whose team part is done (it
 * waits for the client), one the caller already approved, and the caller's own story where the
 * brand's policy wants someone other than the author. A team approval is a member's or an API
 * key's (lib/core/approval-policy.ts voteOf). The selection is one SQL query over the
 * stories' status index, so the page stays fast with thousands waiting (bench/reviews.ts).
 */
export async function listStoriesToReview(db: Db, ctx: WorkspaceContext) {
  assertCan(ctx, "stories:approve", "review stories");
  const visible =
    ctx.brandIds === null
      ? Prisma.empty
      : ctx.brandIds.length === 0
        ? Prisma.sql`AND false`
        : Prisma.sql`AND s."brandId" IN (${Prisma.join(ctx.brandIds)})`;
  const waiting = await db.$queryRaw<{ id: string }[]>(Prisma.sql`
    SELECT s.id FROM "Story" s
    JOIN "Brand" b ON b.id = s."brandId" AND b."workspaceId" = s."workspaceId"
    WHERE s."workspaceId" = ${ctx.workspaceId} AND s.status = 'IN_REVIEW' ${visible}
      AND NOT (b."approvalPolicy" = 'TEAM_NOT_AUTHOR' AND s."authorId" = ${ctx.userId})
      AND NOT EXISTS (
        SELECT 1 FROM "Approval" a
        WHERE a."workspaceId" = s."workspaceId" AND a."storyId" = s.id AND a."storyVersion" = s.version
          AND (a.decision = 'CHANGES_REQUESTED'
            OR a."reviewerId" = ${ctx.userId}
            OR (a.decision = 'APPROVED' AND a."reviewLinkId" IS NULL
              AND NOT (b."approvalPolicy" = 'TEAM_NOT_AUTHOR' AND a."reviewerId" IS NOT NULL
                AND a."reviewerId" = s."authorId"))))
    ORDER BY s."scheduledAt" ASC NULLS LAST, s.id ASC
    LIMIT ${QUEUE_LIMIT + 1}`);
  const ids = waiting.slice(0, QUEUE_LIMIT).map((row) => row.id);
  const rows = await db.story.findMany({
    where: { workspaceId: ctx.workspaceId, id: { in: ids } },
    select: {
      id: true,
      title: true,
      version: true,
      scheduledAt: true,
      timeZone: true,
      reviewOverdueAt: true,
      brand: { select: { id: true, name: true, timeZone: true } },
      author: { select: { name: true } },
      _count: { select: { frames: true } },
      frames: {
        orderBy: { position: "asc" },
        take: FRAMES_SHOWN,
        select: {
          id: true,
          text: true,
          backgroundColor: true,
          mediaAsset: { select: { originalName: true, ...thumbnailSelect } },
        },
      },
    },
  });
  const byId = new Map(rows.map((row) => [row.id, row]));
  const ordered = ids.flatMap((id) => byId.get(id) ?? []);
  const changes = await changesSinceApproval(db, ctx.workspaceId, ordered, ctx.userId);
  return {
    more: waiting.length > QUEUE_LIMIT,
    stories: ordered.map((row) => {
      const changed = changes.get(row.id);
      return {
        id: row.id,
        title: row.title || (row.frames[0] && frameLabel(row.frames[0])) || "Untitled story",
        version: row.version,
        scheduledAt: row.scheduledAt,
        timeZone: row.timeZone ?? row.brand.timeZone,
        reviewOverdueAt: row.reviewOverdueAt,
        brand: { id: row.brand.id, name: row.brand.name },
        authorName: row.author?.name ?? null,
        frameCount: row._count.frames,
        frames: row.frames.map((frame) => ({
          id: frame.id,
          thumbnailKey: frame.mediaAsset ? thumbnailKeyOf(frame.mediaAsset) : null,
          label: frameLabel(frame),
          text: frame.text,
          backgroundColor: frame.backgroundColor,
        })),
        changedSince: changed
          ? {
              approvedVersion: changed.approvedVersion,
              approvedBy: changed.approvedBy,
              count: changed.changes.length,
              first: changed.changes.slice(0, CHANGES_SHOWN).map((c) => c.text),
            }
          : null,
      };
    }),
  };
}
