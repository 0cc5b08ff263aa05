import { z } from "zod";
import { findVisibleBrand } from "@/lib/brands/get-brand";
import type { Db } from "@/lib/db/client";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";

// The media library's `renditions.thumbnail`, where processing made one; a key in media storage.
const renditionsSchema = z
  .object({ thumbnail: z.object({ storageKey: z.string().min(1) }).optional() })
  .catch({});

/**
 * The media a story of this brand can use: READY assets of the brand and the workspace-wide ones
 * (no brand), newest first, with the facts the checks need and the storage key to show as a
 * thumbnail. Plus, for an edited story, the assets it already uses (even if older than the
 * listing's window), so its frames always resolve.
 */
export async function listComposerMedia(
  db: Db,
  ctx: WorkspaceContext,
  brandId: string,
  options: { include?: string[]; limit?: number } = {},
) {
  assertCan(ctx, "stories:view", "see media");
  if (!(await findVisibleBrand(db, ctx, brandId))) return [];
  const select = {
    id: true,
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
    createdAt: true,
  } as const;
  const [recent, included] = await Promise.all([
    db.mediaAsset.findMany({
      where: { workspaceId: ctx.workspaceId, status: "READY", OR: [{ brandId }, { brandId: null }] },
      orderBy: { createdAt: "desc" },
      take: options.limit ?? 200,
      select,
    }),
    options.include?.length
      ? db.mediaAsset.findMany({
          where: { workspaceId: ctx.workspaceId, id: { in: options.include } },
          select,
        })
      : [],
  ]);
  const byId = new Map([...included, ...recent].map((asset) => [asset.id, asset]));
  return [...byId.values()].map(({ renditions, sizeBytes, ...asset }) => ({
    ...asset,
    sizeBytes: Number(sizeBytes),
    thumbnailKey: renditionsSchema.parse(renditions).thumbnail?.storageKey ?? null,
  }));
}

export type ComposerMedia = Awaited<ReturnType<typeof listComposerMedia>>[number];
