import type { Db } from "@/lib/db/client";
import { thumbnailKeyOf, thumbnailSelect } from "@/lib/media/thumbnail-key";
import { assertCan, visibleBrandFilter, type WorkspaceContext } from "@/lib/workspaces/context";
import { frameLabel } from "./frame-label";

const FRAMES_SHOWN = 4;
/** A queue longer than this is a planning problem, not a list to scroll: the page says how many more. */
const QUEUE_LIMIT = 200;

/**
 * The review queue: stories of the brands the caller sees that wait for a decision on their
 * current version, soonest first (an overdue one first of all). A story sent back on its current
 * version waits for its author, not for a reviewer, so it is left out until it is edited.
 */
export async function listStoriesToReview(db: Db, ctx: WorkspaceContext) {
  assertCan(ctx, "stories:approve", "review stories");
  const rows = await db.story.findMany({
    where: { workspaceId: ctx.workspaceId, status: "IN_REVIEW", brand: visibleBrandFilter(ctx) },
    orderBy: [{ scheduledAt: { sort: "asc", nulls: "last" } }, { id: "asc" }],
    take: QUEUE_LIMIT + 1,
    select: {
      id: true,
      title: true,
      version: true,
      scheduledAt: true,
      timeZone: true,
      brand: { select: { id: true, name: true, timeZone: true } },
      author: { select: { name: true } },
      approvals: { where: { decision: "CHANGES_REQUESTED" }, select: { storyVersion: true } },
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
  const waiting = rows
    .slice(0, QUEUE_LIMIT)
    .filter((row) => !row.approvals.some((a) => a.storyVersion === row.version));
  return {
    more: rows.length > QUEUE_LIMIT,
    stories: waiting.map((row) => ({
      id: row.id,
      title: row.title || (row.frames[0] && frameLabel(row.frames[0])) || "Untitled story",
      version: row.version,
      scheduledAt: row.scheduledAt,
      timeZone: row.timeZone ?? row.brand.timeZone,
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
    })),
  };
}
