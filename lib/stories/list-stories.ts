import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { assertCan, canSeeBrand, visibleBrandFilter, type WorkspaceContext } from "@/lib/workspaces/context";

const listStoriesSchema = z.object({
  brandId: z.string().trim().min(1).max(100).optional(),
  limit: z.number().int().min(1).max(200).default(50),
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
  const { brandId, limit } = parseInput(listStoriesSchema, input);
  if (brandId !== undefined) {
    const brand = canSeeBrand(ctx, brandId)
      ? await db.brand.findFirst({
          where: { id: brandId, workspaceId: ctx.workspaceId },
          select: { id: true },
        })
      : null;
    if (!brand) throw new AppError("NOT_FOUND", "This brand does not exist or you cannot see it.");
  }
  const brands = visibleBrandFilter(ctx);
  // Served by Story(workspaceId, brandId, scheduledAt) / Story(workspaceId, scheduledAt).
  return db.story.findMany({
    where: {
      workspaceId: ctx.workspaceId,
      ...(brandId !== undefined ? { brandId } : brands.id ? { brandId: brands.id } : {}),
    },
    orderBy: [{ scheduledAt: { sort: "desc", nulls: "last" } }, { createdAt: "desc" }],
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
      frames: {
        orderBy: { position: "asc" },
        take: 1,
        select: { mediaAsset: { select: { originalName: true, kind: true } } },
      },
      _count: { select: { frames: true } },
      targets: {
        orderBy: { channel: { platform: "asc" } },
        select: {
          id: true,
          state: true,
          channel: { select: { id: true, platform: true, displayName: true } },
        },
      },
    },
  });
}

export type StoryListItem = Awaited<ReturnType<typeof listStories>>[number];
