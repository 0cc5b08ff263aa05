import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import type { MediaJob } from "@/lib/queue/queues";
import { parseInput } from "@/lib/validation";
import { assertCan, canSeeBrand, type WorkspaceContext } from "@/lib/workspaces/context";
import { mediaUsage } from "./media-usage";
import { processingOptionsSchema } from "./processing-options";
import { parseRenditions } from "./renditions";

const inputSchema = z.object({
  assetId: z.string().min(1).max(100),
  fit: processingOptionsSchema.shape.fit.unwrap(),
  focalX: processingOptionsSchema.shape.focalX.unwrap(),
  focalY: processingOptionsSchema.shape.focalY.unwrap(),
});
export type ReframeMediaAssetInput = z.input<typeof inputSchema>;

const conflict = (message: string) => new AppError("CONFLICT", message);

/**
 * Sets a new framing (fit, focal point) on a Ready image and has the workers render it again
 * from the kept original, through the same queue and processing as an upload. The asset is
 * PROCESSING until the new rendition is stored, then READY with it; its files go under new keys
 * (see `derivedKey`), so a story that goes out meanwhile still gets the previous rendition whole,
 * and the earlier files are kept (`renditions.superseded`) for a platform still fetching them.
 *
 * If the new framing cannot be rendered, the asset goes back to Ready with its previous framing
 * and rendition, and the reason in `errorMessage` (see `markMediaFailed`).
 *
 * Stories that have not gone out get the new framing; what was published stays as sent. Refused,
 * changing nothing: an asset that is not Ready (CONFLICT), a video (reframing re-encodes it and
 * is not offered: upload it again with other choices), an asset without its original (uploaded
 * before originals were kept), and one whose story is being published right now (a story must
 * not go out with two framings). `deps.enqueue` hands the job to the media queue.
 */
export async function reframeMediaAsset(
  deps: { db: Db; enqueue: (job: MediaJob) => Promise<void> },
  ctx: WorkspaceContext,
  input: ReframeMediaAssetInput,
) {
  assertCan(ctx, "stories:edit", "change how media is framed");
  const { assetId, fit, focalX, focalY } = parseInput(inputSchema, input);
  const asset = await deps.db.mediaAsset.findFirst({
    where: { id: assetId, workspaceId: ctx.workspaceId },
    select: {
      fit: true,
      focalX: true,
      focalY: true,
      id: true,
      brandId: true,
      kind: true,
      status: true,
      originalName: true,
      storageKey: true,
      renditions: true,
    },
  });
  if (!asset || (asset.brandId !== null && !canSeeBrand(ctx, asset.brandId)))
    throw new AppError("NOT_FOUND", "That file does not exist or you cannot see it.");
  if (asset.kind !== "IMAGE")
    throw conflict(
      `"${asset.originalName}" is a video: its framing is chosen at upload. To frame it differently, upload it again with other choices.`,
    );
  if (asset.status !== "READY")
    throw conflict(
      asset.status === "PROCESSING"
        ? `"${asset.originalName}" is still being processed; change its framing once it is Ready.`
        : `"${asset.originalName}" failed to process, so there is nothing to reframe. Upload it again.`,
    );
  const renditions = parseRenditions(asset.renditions);
  if (!renditions.original)
    throw conflict(
      `"${asset.originalName}" was uploaded before StoryRelay kept originals, so it cannot be rendered again. Upload it again to frame it differently.`,
    );

  const job: MediaJob = { assetId: asset.id, workspaceId: ctx.workspaceId };
  await deps.db.$transaction(async (tx) => {
    const usage = await mediaUsage(tx, ctx, asset.id);
    if (usage.publishing.length > 0)
      throw conflict(
        `"${usage.publishing[0]}" is being published with this picture right now. Change the framing once it has gone out.`,
      );
    const superseded = [
      ...(renditions.superseded ?? []),
      asset.storageKey,
      ...(renditions.thumbnail ? [renditions.thumbnail.storageKey] : []),
    ];
    const next = {
      ...renditions,
      revision: (renditions.revision ?? 0) + 1,
      reframedFrom: { fit: asset.fit, focalX: asset.focalX, focalY: asset.focalY },
      superseded: [...new Set(superseded)],
    };
    // Only from READY: two people saving at once start one render, and the second is told why.
    const updated = await tx.mediaAsset.updateMany({
      where: { id: asset.id, workspaceId: ctx.workspaceId, status: "READY" },
      data: {
        status: "PROCESSING",
        errorMessage: null,
        fit,
        focalX,
        focalY,
        renditions: next as Prisma.InputJsonValue,
      },
    });
    if (updated.count === 0)
      throw conflict(`"${asset.originalName}" is already being rendered again; wait until it is Ready.`);
    await recordAudit(tx, ctx, {
      action: "media.reframe",
      entityType: "MediaAsset",
      entityId: asset.id,
      data: { fit, focalX, focalY, revision: next.revision },
    });
  });
  // After the commit: a job that started earlier would find the asset still READY and skip it.
  // If this enqueue is lost, the media sweep queues the PROCESSING asset again within minutes.
  await deps.enqueue(job);
  return { assetId: asset.id, fit, focalX, focalY };
}
