import { z } from "zod";
import { getBrand } from "@/lib/brands/get-brand";
import { isQueryableInstant, QUERY_RANGE_MESSAGE, readableInstant } from "@/lib/core/time-bounds";
import type { Db } from "@/lib/db/client";
import { StoryStatus } from "@/lib/db/generated/enums";
import { parseInput } from "@/lib/validation";
import { assertCan, visibleBrandFilter, type WorkspaceContext } from "@/lib/workspaces/context";
import { storiesAfterCursor } from "./story-cursor";

const listStoriesSchema = z.object({
  brandId: z.string().trim().min(1).max(100).optional(),
  limit: z.number().int().min(1).max(200).default(50),
  /** Only stories in one of these statuses. */
  status: z.array(z.enum(StoryStatus)).min(1).optional(),
  /** Only stories scheduled at or after / before this instant. */
  scheduledFrom: z.date().refine(isQueryableInstant, QUERY_RANGE_MESSAGE).optional(),
  scheduledBefore: z.date().refine(isQueryableInstant, QUERY_RANGE_MESSAGE).optional(),
  /** From story-cursor.ts: the page after the row it was made from. */
  cursor: z.string().min(1).max(500).optional(),
});

/**
 * Stories of the brands the caller may see (or of one brand), the latest scheduled first, each
 * with its first frame's media name and its targets' states: enough for a list that links to
 * the story page. A brand the caller cannot see is NOT_FOUND, not an empty list.
 */
export async function listStories(
  db: Db,
  ctx: WorkspaceContext,
  input: z.input<typeof listStoriesSchema> = {},
) {
  assertCan(ctx, "stories:view", "see stories");
  const { brandId, limit, status, scheduledFrom, scheduledBefore, cursor } = parseInput(
    listStoriesSchema,
    input,
  );
  if (brandId !== undefined) {
    await getBrand(db, ctx, brandId);
  }
  const brands = visibleBrandFilter(ctx);
  // Served by Story(workspaceId, brandId, scheduledAt) / Story(workspaceId, scheduledAt).
  const rows = await db.story.findMany({
    where: {
      workspaceId: ctx.workspaceId,
      ...(brandId !== undefined ? { brandId } : brands.id ? { brandId: brands.id } : {}),
      ...(status ? { status: { in: status } } : {}),
      ...(scheduledFrom || scheduledBefore
        ? {
            scheduledAt: {
              ...(scheduledFrom && { gte: scheduledFrom }),
              ...(scheduledBefore && { lt: scheduledBefore }),
            },
          }
        : {}),
      ...(cursor ? { AND: [storiesAfterCursor(cursor)] } : {}),
    },
    orderBy: [{ scheduledAt: { sort: "desc", nulls: "last" } }, { createdAt: "desc" }, { id: "desc" }],
    take: limit,
    select: {
      id: true,
      brandId: true,
      title: true,
      status: true,
      scheduledAt: true,
      scheduledLocal: true,
      timeZone: true,
      publishedAt: true,
      createdAt: true,
      frames: {
        orderBy: { position: "asc" },
        take: 1,
        select: { text: true, mediaAsset: { select: { originalName: true, kind: true } } },
      },
      _count: { select: { frames: true } },
      targets: {
        orderBy: { channel: { platform: "asc" } },
        select: {
          id: true,
          state: true,
          // The list shows a story whose channels all wait as "Waiting" (lib/core/target-wait.ts).
          waitReason: true,
          waitUntil: true,
          waitDetail: true,
          channel: { select: { id: true, platform: true, displayName: true } },
        },
      },
    },
  });
  // A row stored before the time bounds may hold an instant the driver cannot read.
  return rows.map((row) => ({ ...row, scheduledAt: readableInstant(row.scheduledAt) }));
}

export type StoryListItem = Awaited<ReturnType<typeof listStories>>[number];
