import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";
import { visibleMediaFilter } from "./library-item";
import { mediaUsage } from "./media-usage";
import { parseRenditions } from "./renditions";

/**
 * What the framing editor shows for one asset: the original upload (the editor draws the 9:16
 * window over it), the current choices and rendition, whether a new framing is being rendered,
 * and which stories a new framing would reach. An asset of another workspace or of a brand the
 * caller cannot see is NOT_FOUND, like one that does not exist.
 */
export async function getMediaFraming(db: Db, ctx: WorkspaceContext, assetId: string) {
  assertCan(ctx, "stories:view", "see the media library");
  const asset = await db.mediaAsset.findFirst({
    where: { AND: [visibleMediaFilter(ctx), { id: assetId }] },
    select: {
      id: true,
      kind: true,
      status: true,
      originalName: true,
      storageKey: true,
      renditions: true,
      fit: true,
      focalX: true,
      focalY: true,
      errorMessage: true,
      sourceAssetId: true,
    },
  });
  if (!asset) throw new AppError("NOT_FOUND", "This media file does not exist or you cannot see it.");
  const { renditions, ...rest } = asset;
  const { original, reframedFrom } = parseRenditions(renditions);
  return {
    ...rest,
    originalKey: original?.storageKey ?? null,
    /** True while a new framing is rendered (the asset was Ready before). */
    reframing: asset.status === "PROCESSING" && reframedFrom !== undefined,
    usage: await mediaUsage(db, ctx, asset.id),
  };
}

export type MediaFraming = Awaited<ReturnType<typeof getMediaFraming>>;
