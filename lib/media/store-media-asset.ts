import { createHash } from "node:crypto";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { assertCan, canSeeBrand, type WorkspaceContext } from "@/lib/workspaces/context";
import { displayName, formatBytes } from "./format";
import { newMediaKey } from "./media-key";
import { sniffMedia } from "./sniff";
import type { MediaStorage } from "./storage";

const inputSchema = z.object({
  bytes: z.instanceof(Uint8Array, { message: "No file was received." }),
  originalName: z.string().max(10_000),
  brandId: z.string().min(1).max(100).optional(),
});

export type StoreMediaAssetInput = { bytes: Buffer; originalName: string; brandId?: string };

/**
 * Stores an uploaded file for the workspace (optionally for one brand) and records it as a READY
 * MediaAsset. Everything that can refuse the upload (role, brand, size, content) runs before a
 * byte is written, and a failed insert removes the file again, so a refusal leaves nothing
 * behind. The limit comes in through `deps` because use cases do not read configuration.
 */
export async function storeMediaAsset(
  deps: { db: Db; storage: MediaStorage; maxBytes: number },
  ctx: WorkspaceContext,
  input: StoreMediaAssetInput,
) {
  assertCan(ctx, "stories:edit", "upload media");
  const { bytes, originalName, brandId } = parseInput(inputSchema, input);
  if (brandId !== undefined) {
    const brand = canSeeBrand(ctx, brandId)
      ? await deps.db.brand.findFirst({
          where: { id: brandId, workspaceId: ctx.workspaceId },
          select: { id: true },
        })
      : null;
    if (!brand) throw new AppError("NOT_FOUND", "That brand does not exist or you cannot see it.");
  }
  if (bytes.byteLength > deps.maxBytes) {
    const message = `The file is ${formatBytes(bytes.byteLength, "up")}; files can be at most ${formatBytes(deps.maxBytes)}.`;
    throw new AppError("INVALID_INPUT", message, { fields: { file: message } });
  }
  const media = sniffMedia(bytes);
  const checksum = createHash("sha256").update(bytes).digest("hex");
  const storageKey = newMediaKey(ctx.workspaceId, media.extension);

  await deps.storage.put(storageKey, bytes);
  try {
    return await deps.db.$transaction(async (tx) => {
      const asset = await tx.mediaAsset.create({
        data: {
          workspaceId: ctx.workspaceId,
          brandId: brandId ?? null,
          uploadedById: ctx.userId,
          kind: media.kind,
          status: "READY",
          mimeType: media.mimeType,
          originalName: displayName(originalName),
          sizeBytes: BigInt(bytes.byteLength),
          width: media.width,
          height: media.height,
          durationMs: media.durationMs,
          checksum,
          storageKey,
        },
      });
      await recordAudit(tx, ctx, {
        action: "media.upload",
        entityType: "MediaAsset",
        entityId: asset.id,
        data: { kind: asset.kind, sizeBytes: bytes.byteLength, checksum },
      });
      return asset;
    });
  } catch (error) {
    await deps.storage.delete(storageKey).catch(() => {
      // The insert's error is the one worth reporting; an orphaned file holds no data anyone can reach.
    });
    throw error;
  }
}
