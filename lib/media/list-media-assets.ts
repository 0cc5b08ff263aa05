import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { parseInput } from "@/lib/validation";
import { assertCan, canSeeBrand, type WorkspaceContext } from "@/lib/workspaces/context";
import { parseRenditions } from "./renditions";

const inputSchema = z.object({
  brandId: z.string().min(1).max(100).optional(),
  limit: z.number().int().min(1).max(500).default(200),
});

/**
 * The media library: the workspace's assets newest first (index MediaAsset(workspaceId,
 * createdAt)), optionally of one brand. A member limited to some brands sees only those brands'
 * assets; a brand they cannot see gives an empty list, as if it had none.
 */
export async function listMediaAssets(
  db: Db,
  ctx: WorkspaceContext,
  input: z.input<typeof inputSchema> = {},
) {
  assertCan(ctx, "stories:view", "see the media library");
  const { brandId, limit } = parseInput(inputSchema, input);
  if (brandId !== undefined && !canSeeBrand(ctx, brandId)) return [];
  const brandFilter =
    brandId !== undefined ? { brandId } : ctx.brandIds === null ? {} : { brandId: { in: ctx.brandIds } };
  const assets = await db.mediaAsset.findMany({
    where: { workspaceId: ctx.workspaceId, ...brandFilter },
    orderBy: [{ createdAt: "desc" }, { segmentIndex: "asc" }],
    take: limit,
    select: {
      id: true,
      brandId: true,
      kind: true,
      status: true,
      mimeType: true,
      originalName: true,
      sizeBytes: true,
      width: true,
      height: true,
      durationMs: true,
      storageKey: true,
      renditions: true,
      fit: true,
      errorMessage: true,
      sourceAssetId: true,
      segmentIndex: true,
      createdAt: true,
      brand: { select: { name: true } },
      _count: { select: { frames: true, segments: true } },
    },
  });
  return assets.map(({ renditions, _count, ...asset }) => ({
    ...asset,
    thumbnailKey:
      parseRenditions(renditions).thumbnail?.storageKey ??
      (asset.kind === "IMAGE" && asset.status === "READY" ? asset.storageKey : null),
    usedInStories: _count.frames,
    /** How many parts a split video was cut into (0 when not split). */
    parts: _count.segments,
  }));
}

export type MediaLibraryItem = Awaited<ReturnType<typeof listMediaAssets>>[number];
