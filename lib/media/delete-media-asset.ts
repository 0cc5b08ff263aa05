import { recordAudit } from "@/lib/audit/record-audit";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { assertCan, canSeeBrand, type WorkspaceContext } from "@/lib/workspaces/context";
import { assetStorageKeys } from "./asset-storage-keys";
import type { MediaStorage } from "./storage";

/**
 * Deletes an asset no story uses, with its files (original, rendition, thumbnail) and, for a split
 * video, its parts. Refused (CONFLICT) while the asset or any of its parts is a frame of a story:
 * a scheduled story must never lose its media. Files are removed after the rows, so a failure in
 * between leaves an unreachable file rather than a row pointing at nothing.
 */
export async function deleteMediaAsset(
  deps: { db: Db; storage: MediaStorage },
  ctx: WorkspaceContext,
  assetId: string,
) {
  assertCan(ctx, "stories:edit", "delete media");
  const asset = await deps.db.mediaAsset.findFirst({
    where: { id: assetId, workspaceId: ctx.workspaceId },
    select: {
      id: true,
      brandId: true,
      originalName: true,
      storageKey: true,
      renditions: true,
      segments: { select: { id: true, storageKey: true, renditions: true } },
    },
  });
  if (!asset || (asset.brandId !== null && !canSeeBrand(ctx, asset.brandId)))
    throw new AppError("NOT_FOUND", "That file does not exist or you cannot see it.");
  const ids = [asset.id, ...asset.segments.map((s) => s.id)];
  await deps.db.$transaction(async (tx) => {
    const used = await tx.storyFrame.count({
      where: { workspaceId: ctx.workspaceId, mediaAssetId: { in: ids } },
    });
    if (used > 0)
      throw new AppError(
        "CONFLICT",
        `"${asset.originalName}" is used in ${used} story frame${used === 1 ? "" : "s"}; remove it from those stories first.`,
      );
    await tx.mediaAsset.deleteMany({ where: { workspaceId: ctx.workspaceId, id: { in: ids } } });
    await recordAudit(tx, ctx, {
      action: "media.delete",
      entityType: "MediaAsset",
      entityId: asset.id,
      data: { originalName: asset.originalName, parts: asset.segments.length },
    });
  });
  const keys = [asset, ...asset.segments].flatMap(assetStorageKeys);
  await Promise.all(
    [...new Set(keys)].map((key) =>
      deps.storage.delete(key).catch(() => {
        // The row is gone, so nothing can reach the file; a leftover costs disk, not correctness.
      }),
    ),
  );
}
