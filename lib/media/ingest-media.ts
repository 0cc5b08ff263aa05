import { open, readFile } from "node:fs/promises";
import { recordAudit } from "@/lib/audit/record-audit";
import { getBrand } from "@/lib/brands/get-brand";
import type { Db } from "@/lib/db/client";
import { AppError, isAppError } from "@/lib/errors";
import type { MediaJob } from "@/lib/queue/queues";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";
import { sha256, sha256OfFile } from "./checksum";
import { displayName, formatBytes } from "./format";
import { newMediaKey } from "./media-key";
import type { ProcessingOptions } from "./processing-options";
import type { MediaRenditions } from "./renditions";
import { type SniffedMedia, type SniffedVideoHead, sniffMedia, sniffMediaHead } from "./sniff";
import type { MediaStorage } from "./storage";

export type IngestDeps = {
  db: Db;
  storage: MediaStorage;
  maxBytes: number;
  /** Hands the new asset to processing: the media queue, or processing in-line. */
  enqueue: (job: MediaJob) => Promise<void>;
};

function refuseFile(message: string): AppError {
  return new AppError("INVALID_INPUT", message, { fields: { file: message } });
}

/**
 * A browser sends only a file's own name; a name with a folder path in it (`../../etc/x.jpg`,
 * `C:\dir\x.jpg`) comes from a crafted request. It could never reach our storage (keys are
 * ours), but it is refused rather than silently trimmed, so such a request stores nothing.
 */
export function checkUploadName(originalName: string): void {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: a NUL in a name is the point
  if (/[/\\\u0000]/.test(originalName) || originalName === "." || originalName === "..") {
    throw refuseFile(
      `The file name ${JSON.stringify(displayName(originalName))} contains a folder path. Upload the file under a plain name (like photo.jpg).`,
    );
  }
}

export function checkUploadSize(sizeBytes: number, maxBytes: number): void {
  if (sizeBytes === 0) throw refuseFile("This file is empty (0 bytes). Choose the photo or video again.");
  if (sizeBytes > maxBytes)
    throw refuseFile(
      `The file is ${formatBytes(sizeBytes, "up")}; files can be at most ${formatBytes(maxBytes)}.`,
    );
}

/**
 * Everything that can refuse an upload before its bytes arrive: role, brand, name and declared
 * size. The resumable upload route runs it when the upload is created, so a refused upload never
 * writes to disk; ingestion runs it again with the real size.
 */
export async function assertCanUpload(
  deps: { db: Db; maxBytes: number },
  ctx: WorkspaceContext,
  input: { brandId?: string; originalName: string; sizeBytes?: number },
): Promise<void> {
  assertCan(ctx, "stories:edit", "upload media");
  if (input.brandId !== undefined) {
    await getBrand(deps.db, ctx, input.brandId);
  }
  checkUploadName(input.originalName);
  if (input.sizeBytes !== undefined) checkUploadSize(input.sizeBytes, deps.maxBytes);
}

const IMAGE_EXTENSIONS = new Set([
  "jpg",
  "jpeg",
  "jpe",
  "png",
  "gif",
  "webp",
  "heic",
  "heif",
  "avif",
  "bmp",
  "tif",
  "tiff",
]);
const VIDEO_EXTENSIONS = new Set(["mp4", "m4v", "mov", "qt", "avi", "mkv", "webm", "wmv", "3gp"]);

/**
 * The type always comes from the bytes; the name is only checked not to contradict it. A PNG
 * named `clip.mp4` is refused rather than quietly turned into a picture story: the uploader
 * expected a video, and renaming is also how a file is smuggled past a name-based filter.
 * A name without a known media extension is fine, as is a JPEG called `.png`.
 */
export function checkNameMatchesContent(
  originalName: string,
  media: { kind: "IMAGE" | "VIDEO"; mimeType: string },
) {
  const dot = originalName.lastIndexOf(".");
  const extension = dot > 0 ? originalName.slice(dot + 1).toLowerCase() : "";
  const claims = IMAGE_EXTENSIONS.has(extension) ? "IMAGE" : VIDEO_EXTENSIONS.has(extension) ? "VIDEO" : null;
  if (claims === null || claims === media.kind) return;
  const actual = {
    "image/jpeg": "a JPEG image",
    "image/png": "a PNG image",
    "video/mp4": "an MP4 video",
    "video/quicktime": "a MOV video",
  }[media.mimeType];
  throw refuseFile(
    `This file is ${actual ?? `a ${media.kind.toLowerCase()}`}, but its name ends in ".${extension}". Check you chose the right file; if so, rename it to match what it is and upload it again.`,
  );
}

/** Bytes read to recognise a video container; images are read whole (they are small). */
const HEAD_BYTES = 64 * 1024;

async function sniffFile(path: string): Promise<SniffedMedia | SniffedVideoHead> {
  const handle = await open(path, "r");
  let head: Buffer;
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    head = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  return sniffMediaHead(head) ?? sniffMedia(await readFile(path));
}

export type IngestSource = { bytes: Buffer } | { path: string; sizeBytes: number };

/**
 * Records an uploaded file as a PROCESSING MediaAsset and hands it to processing. The type comes
 * from the bytes (never the name); the original is stored under `renditions.original` (and, until
 * processing replaces it, `storageKey`). Every refusal happens before anything is written, and a
 * failed insert removes the stored file, so a refused upload leaves no row and no file.
 */
export async function ingestMedia(
  deps: IngestDeps,
  ctx: WorkspaceContext,
  input: { source: IngestSource; originalName: string; brandId?: string; options: ProcessingOptions },
) {
  const { source, originalName, brandId, options } = input;
  const sizeBytes = "bytes" in source ? source.bytes.byteLength : source.sizeBytes;
  await assertCanUpload(deps, ctx, { brandId, originalName, sizeBytes });
  const media = "bytes" in source ? sniffMedia(source.bytes) : await sniffFile(source.path);
  checkNameMatchesContent(originalName, media);
  const checksum = "bytes" in source ? sha256(source.bytes) : await sha256OfFile(source.path);
  const known = "width" in media ? media : null;
  const storageKey = newMediaKey(ctx.workspaceId, media.extension);
  const renditions: MediaRenditions = {
    original: {
      storageKey,
      mimeType: media.mimeType,
      width: known?.width ?? null,
      height: known?.height ?? null,
      sizeBytes,
    },
  };

  if ("bytes" in source) await deps.storage.put(storageKey, source.bytes);
  else await deps.storage.putFile(storageKey, source.path);
  let asset: Awaited<ReturnType<typeof createRow>>;
  try {
    asset = await createRow();
  } catch (error) {
    await deps.storage.delete(storageKey).catch(() => {
      // The insert's error is the one worth reporting; an orphaned file holds no data anyone can reach.
    });
    throw error;
  }
  try {
    await deps.enqueue({ assetId: asset.id, workspaceId: ctx.workspaceId });
  } catch (error) {
    // In-line processing refuses a file it cannot decode: that is the caller's answer. Anything
    // else (Redis unreachable) only delays processing: the asset is committed as PROCESSING and
    // the workers' media sweep enqueues it again within a minute.
    if (isAppError(error)) throw error;
  }
  return asset;

  function createRow() {
    return deps.db.$transaction(async (tx) => {
      const created = await tx.mediaAsset.create({
        data: {
          workspaceId: ctx.workspaceId,
          brandId: brandId ?? null,
          uploadedById: ctx.userId,
          kind: media.kind,
          status: "PROCESSING",
          mimeType: media.mimeType,
          originalName: displayName(originalName),
          sizeBytes: BigInt(sizeBytes),
          width: known?.width ?? null,
          height: known?.height ?? null,
          durationMs: known?.durationMs ?? null,
          checksum,
          storageKey,
          renditions,
          fit: options.fit,
          focalX: options.focalX,
          focalY: options.focalY,
          splitVideo: options.splitVideo,
        },
      });
      await recordAudit(tx, ctx, {
        action: "media.upload",
        entityType: "MediaAsset",
        entityId: created.id,
        data: { kind: created.kind, sizeBytes, checksum },
      });
      return created;
    });
  }
}
