import { z } from "zod";
import { decodeCursor, encodeCursor } from "@/lib/core/opaque-cursor";
import { isStorableInstant } from "@/lib/core/time-bounds";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import type { MediaKind, MediaStatus } from "@/lib/db/generated/enums";
import { thumbnailKeyOf } from "@/lib/media/thumbnail-key";
import { parseInput } from "@/lib/validation";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";
import { changesSinceApproval } from "./changes-since-approval";
import { frameLabel } from "./frame-label";

const FRAMES_SHOWN = 4;
/** One page of the queue: enough to decide on in one sitting, small enough to render fast. */
export const REVIEW_PAGE_SIZE = 50;
/** The queue row names the first few changes since an earlier approval; the story page has them all. */
const CHANGES_SHOWN = 2;

const listStoriesToReviewSchema = z.object({
  /** From a previous page's nextCursor: the page after its last row. */
  cursor: z.string().min(1).max(500).optional(),
  limit: z.number().int().min(1).max(200).default(REVIEW_PAGE_SIZE),
});

/** The queue's order is scheduledAt (soonest first, unscheduled last), then id: the last row's two keys. */
const instant = z.iso.datetime().refine((value) => isStorableInstant(new Date(value)));
const cursorSchema = z.object({ s: instant.nullable(), i: z.string().min(1).max(100) });

/** A row of the page query; its columns are NOT NULL in the schema except where marked. */
type PageRow = {
  id: string;
  title: string;
  version: number;
  scheduledAt: Date | null;
  timeZone: string | null;
  reviewOverdueAt: Date | null;
  brandId: string;
  brandName: string;
  brandTimeZone: string;
  authorName: string | null;
  frameCount: number;
  /** The first FRAMES_SHOWN frames in order; null for a story without frames. */
  frames: PageFrame[] | null;
};
type PageFrame = {
  id: string;
  text: string | null;
  backgroundColor: string | null;
  media: {
    originalName: string;
    kind: MediaKind;
    status: MediaStatus;
    storageKey: string;
    renditions: unknown;
  } | null;
};

/**
 * The review queue, a page at a time: stories of the brands the caller sees that wait for the
 * caller's decision on their current version, soonest first (so overdue ones lead), with how many
 * wait in all. Left out: a story sent back on its current version (it waits for its author until
 * it is edited), one whose team part is done (it waits for the client), one the caller already
 * approved, and the caller's own story where the brand's policy wants someone other than the
 * author. A team approval is a member's or an API key's (lib/core/approval-policy.ts voteOf).
 *
 * Fast with thousands waiting (bench/reviews.ts): one SQL query draws the page's rows with their
 * first frames over the stories' status index, stopping at the page's end, while another counts;
 * what changed since an earlier approval is read for the page's re-reviewed stories only.
 */
export async function listStoriesToReview(
  db: Db,
  ctx: WorkspaceContext,
  input: z.input<typeof listStoriesToReviewSchema> = {},
) {
  assertCan(ctx, "stories:approve", "review stories");
  const { cursor, limit } = parseInput(listStoriesToReviewSchema, input);
  const waiting = waitingFor(ctx);
  const after = cursor ? afterCursor(cursor) : Prisma.empty;
  // The count and the page run side by side (two pooled connections): the count walks every
  // waiting story, the page stops at its last row and then reads what changed for its rows only.
  const [counted, page] = await Promise.all([
    db.$queryRaw<{ total: number }[]>(Prisma.sql`SELECT count(*)::int AS total FROM (${waiting}) w`),
    readPage(db, ctx, waiting, after, limit).then(async (drawn) => {
      const shown = drawn.slice(0, limit);
      const changes = await changesSinceApproval(
        db,
        ctx.workspaceId,
        // Only a story past its first version can have an approval of an earlier one.
        shown.filter((row) => row.version > 1),
        ctx.userId,
      );
      return { drawn, shown, changes };
    }),
  ]);
  const { drawn, shown, changes } = page;
  const last = shown.at(-1);
  return {
    /** How many stories wait for the caller in all, on every page. */
    total: counted[0]?.total ?? 0,
    /** The next page's cursor, null on the last page. */
    nextCursor:
      drawn.length > limit && last
        ? encodeCursor({ s: last.scheduledAt?.toISOString() ?? null, i: last.id })
        : null,
    stories: shown.map((row) => {
      const frames = (row.frames ?? []).map((frame) => ({
        id: frame.id,
        thumbnailKey: frame.media ? thumbnailKeyOf(frame.media) : null,
        label: frameLabel({ mediaAsset: frame.media, text: frame.text }),
        text: frame.text,
        backgroundColor: frame.backgroundColor,
      }));
      const changed = changes.get(row.id);
      return {
        id: row.id,
        title: row.title || frames[0]?.label || "Untitled story",
        version: row.version,
        scheduledAt: row.scheduledAt,
        timeZone: row.timeZone ?? row.brandTimeZone,
        reviewOverdueAt: row.reviewOverdueAt,
        brand: { id: row.brandId, name: row.brandName },
        authorName: row.authorName,
        frameCount: row.frameCount,
        frames,
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

/** The stories (id, scheduledAt) that wait for the caller's decision, in no order. */
function waitingFor(ctx: WorkspaceContext): Prisma.Sql {
  const visible =
    ctx.brandIds === null
      ? Prisma.empty
      : ctx.brandIds.length === 0
        ? Prisma.sql`AND false`
        : Prisma.sql`AND s."brandId" IN (${Prisma.join(ctx.brandIds)})`;
  return Prisma.sql`
    SELECT s.id, s."scheduledAt" FROM "Story" s
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
                AND a."reviewerId" = s."authorId"))))`;
}

/** The page's rows (one more than the limit, to tell whether a next page exists), in queue order. */
function readPage(db: Db, ctx: WorkspaceContext, waiting: Prisma.Sql, after: Prisma.Sql, limit: number) {
  return db.$queryRaw<PageRow[]>(Prisma.sql`
    WITH page AS (
      SELECT w.id, w."scheduledAt" FROM (${waiting}) w
      WHERE true ${after}
      ORDER BY w."scheduledAt" ASC NULLS LAST, w.id ASC
      LIMIT ${limit + 1}
    )
    SELECT s.id, s.title, s.version, s."scheduledAt", s."timeZone", s."reviewOverdueAt",
      b.id AS "brandId", b.name AS "brandName", b."timeZone" AS "brandTimeZone",
      u.name AS "authorName", fc.n AS "frameCount", ff.frames
    FROM page p
    JOIN "Story" s ON s.id = p.id AND s."workspaceId" = ${ctx.workspaceId}
    JOIN "Brand" b ON b.id = s."brandId"
    LEFT JOIN "User" u ON u.id = s."authorId"
    CROSS JOIN LATERAL (
      SELECT count(*)::int AS n FROM "StoryFrame" f WHERE f."storyId" = s.id
    ) fc
    CROSS JOIN LATERAL (
      SELECT json_agg(json_build_object(
        'id', f.id, 'text', f.text, 'backgroundColor', f."backgroundColor",
        'media', CASE WHEN m.id IS NULL THEN NULL ELSE json_build_object(
          'originalName', m."originalName", 'kind', m.kind, 'status', m.status,
          'storageKey', m."storageKey", 'renditions', m.renditions) END
      ) ORDER BY f.position) AS frames
      FROM (
        SELECT * FROM "StoryFrame" f WHERE f."storyId" = s.id ORDER BY f.position LIMIT ${FRAMES_SHOWN}
      ) f
      LEFT JOIN "MediaAsset" m ON m.id = f."mediaAssetId"
    ) ff
    ORDER BY p."scheduledAt" ASC NULLS LAST, p.id ASC`);
}

/** The rows after the cursor's in the queue's order (unscheduled stories come last). */
function afterCursor(cursor: string): Prisma.Sql {
  const { s, i } = decodeCursor(cursorSchema, cursor);
  if (s === null) return Prisma.sql`AND w."scheduledAt" IS NULL AND w.id > ${i}`;
  const at = new Date(s);
  return Prisma.sql`AND (w."scheduledAt" > ${at} OR w."scheduledAt" IS NULL
    OR (w."scheduledAt" = ${at} AND w.id > ${i}))`;
}
