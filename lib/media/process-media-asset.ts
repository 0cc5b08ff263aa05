import { createWriteStream } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeWebStream } from "node:stream/web";
import type { Db } from "@/lib/db/client";
import { AppError, isAppError } from "@/lib/errors";
import type { MediaJob } from "@/lib/queue/queues";
import { sha256, sha256OfFile } from "./checksum";
import type { FfmpegBinaries } from "./ffmpeg";
import { splitPoints } from "./fit-geometry";
import { type EncodedImage, renderStoryImage, thumbnailOf } from "./image-rendition";
import { assertWithinMediaLimits } from "./media-limits";
import { probeVideo } from "./probe";
import { MAX_PART_MS } from "./processing-options";
import { parseRenditions, type RenditionFile } from "./renditions";
import type { MediaStorage } from "./storage";
import { grabFrame, planVideo, renderStoryVideo, splitVideo } from "./video-rendition";

export type MediaProcessorDeps = {
  db: Db;
  storage: MediaStorage;
  /** Resolved on first use, so a worker without ffmpeg still processes images. */
  binaries: () => Promise<FfmpegBinaries>;
  /** Scratch space for downloads and encodes; each job works in its own subdirectory. */
  tempDir: string;
  /** Aborted when the worker shuts down: running encodes are killed. */
  signal?: AbortSignal;
};

type Asset = NonNullable<Awaited<ReturnType<typeof loadAsset>>>;

function loadAsset(db: Db, job: MediaJob) {
  return db.mediaAsset.findFirst({ where: { id: job.assetId, workspaceId: job.workspaceId } });
}

async function download(storage: MediaStorage, key: string, path: string): Promise<void> {
  const stream = await storage.get(key);
  // Retrying cannot bring it back (storage emptied, or the asset restored from a backup without its files).
  if (!stream)
    throw new AppError("INVALID_INPUT", "The uploaded file is no longer in media storage. Upload it again.");
  await pipeline(Readable.fromWeb(stream as NodeWebStream<Uint8Array>), createWriteStream(path));
}

/**
 * Derived files get keys built from the asset id (not random ones), so a retried job overwrites
 * what a crashed attempt wrote instead of leaving orphans behind. A reframed asset's files carry
 * the framing's revision: new keys mean new URLs, and the previous files stay intact for a
 * publish that was handed them (see reframe-media-asset.ts).
 */
function derivedKey(asset: Asset, name: string): string {
  const revision = parseRenditions(asset.renditions).revision;
  return `${asset.workspaceId}/${asset.id}${revision ? `-r${revision}` : ""}-${name}`;
}

async function storeImage(storage: MediaStorage, key: string, image: EncodedImage): Promise<RenditionFile> {
  await storage.put(key, image.bytes);
  return {
    storageKey: key,
    mimeType: "image/jpeg",
    width: image.width,
    height: image.height,
    sizeBytes: image.bytes.byteLength,
  };
}

async function processImage(deps: MediaProcessorDeps, asset: Asset, original: string) {
  const story = await renderStoryImage(await readFile(original), {
    fit: asset.fit,
    focal: { x: asset.focalX, y: asset.focalY },
  });
  const thumbnail = await storeImage(
    deps.storage,
    derivedKey(asset, "thumb.jpg"),
    await thumbnailOf(story.bytes),
  );
  const rendition = await storeImage(deps.storage, derivedKey(asset, "story.jpg"), story);
  return {
    main: { ...rendition, durationMs: null, checksum: sha256(story.bytes) },
    thumbnail,
    parts: [],
  };
}

type VideoOutput = Omit<RenditionFile, "mimeType"> & {
  durationMs: number;
  checksum: string;
  thumbnail: RenditionFile;
};

async function storeVideo(
  deps: MediaProcessorDeps,
  binaries: FfmpegBinaries,
  path: string,
  keys: { video: string; thumbnail: string },
): Promise<VideoOutput> {
  const probe = await probeVideo(binaries, path, { signal: deps.signal });
  const frame = await grabFrame(binaries, path, probe.durationMs, deps.signal);
  const thumbnail = await storeImage(deps.storage, keys.thumbnail, await thumbnailOf(frame));
  await deps.storage.putFile(keys.video, path);
  return {
    storageKey: keys.video,
    width: probe.width,
    height: probe.height,
    sizeBytes: (await stat(path)).size,
    durationMs: probe.durationMs,
    checksum: await sha256OfFile(path),
    thumbnail,
  };
}

async function processVideo(deps: MediaProcessorDeps, asset: Asset, original: string, workDir: string) {
  const binaries = await deps.binaries();
  const probe = await probeVideo(binaries, original, { signal: deps.signal });
  // A large upload's header was not all read at upload; ffprobe's answer is checked before encoding.
  assertWithinMediaLimits({ kind: "VIDEO", ...probe });
  const split = asset.splitVideo && probe.durationMs > MAX_PART_MS;
  const points = split ? splitPoints(probe.durationMs, MAX_PART_MS) : [];
  const plan = planVideo(probe, { split });
  const output = join(workDir, "story.mp4");
  await renderStoryVideo(
    {
      binaries,
      input: original,
      output,
      probe,
      fit: asset.fit,
      focal: { x: asset.focalX, y: asset.focalY },
      keyframesAt: points,
      signal: deps.signal,
    },
    plan,
  );
  const main = await storeVideo(deps, binaries, output, {
    video: derivedKey(asset, "story.mp4"),
    thumbnail: derivedKey(asset, "thumb.jpg"),
  });
  const parts: VideoOutput[] = [];
  if (split) {
    const partsDir = join(workDir, "parts");
    await mkdir(partsDir);
    const paths = await splitVideo(binaries, output, partsDir, points, probe.durationMs, deps.signal);
    for (const [index, path] of paths.entries()) {
      parts.push(
        await storeVideo(deps, binaries, path, {
          video: derivedKey(asset, `part${index + 1}.mp4`),
          thumbnail: derivedKey(asset, `part${index + 1}-thumb.jpg`),
        }),
      );
    }
  }
  return { main: { ...main, mimeType: "video/mp4" }, thumbnail: main.thumbnail, parts };
}

/** Records the outcome in one transaction: the asset READY with its rendition, and any parts. */
async function recordReady(
  db: Db,
  asset: Asset,
  result: Awaited<ReturnType<typeof processVideo>> | Awaited<ReturnType<typeof processImage>>,
): Promise<boolean> {
  const { reframedFrom: _done, ...kept } = parseRenditions(asset.renditions);
  const renditions = { ...kept, thumbnail: result.thumbnail };
  return db.$transaction(async (tx) => {
    const updated = await tx.mediaAsset.updateMany({
      where: { id: asset.id, workspaceId: asset.workspaceId, status: "PROCESSING" },
      data: {
        status: "READY",
        errorMessage: null,
        storageKey: result.main.storageKey,
        mimeType: result.main.mimeType,
        width: result.main.width,
        height: result.main.height,
        durationMs: result.main.durationMs,
        sizeBytes: BigInt(result.main.sizeBytes),
        checksum: result.main.checksum,
        renditions,
      },
    });
    if (updated.count === 0) return false;
    for (const [index, part] of result.parts.entries()) {
      const data = {
        workspaceId: asset.workspaceId,
        brandId: asset.brandId,
        uploadedById: asset.uploadedById,
        kind: "VIDEO" as const,
        status: "READY" as const,
        mimeType: "video/mp4",
        originalName: `${asset.originalName} (part ${index + 1} of ${result.parts.length})`,
        sizeBytes: BigInt(part.sizeBytes),
        width: part.width,
        height: part.height,
        durationMs: part.durationMs,
        checksum: part.checksum,
        storageKey: part.storageKey,
        renditions: { thumbnail: part.thumbnail },
        fit: asset.fit,
        focalX: asset.focalX,
        focalY: asset.focalY,
        sourceAssetId: asset.id,
        segmentIndex: index,
      };
      await tx.mediaAsset.upsert({
        where: { sourceAssetId_segmentIndex: { sourceAssetId: asset.id, segmentIndex: index } },
        create: data,
        update: data,
      });
    }
    return true;
  });
}

/**
 * Marks the asset FAILED with a reason for the uploader; a no-op unless it is still PROCESSING.
 * A Ready picture whose new framing failed goes back to Ready with its previous framing and
 * rendition (which stories may be about to send), the reason kept in `errorMessage` for the
 * framing editor to show.
 */
export async function markMediaFailed(db: Db, job: MediaJob, errorMessage: string): Promise<void> {
  const where = { id: job.assetId, workspaceId: job.workspaceId, status: "PROCESSING" as const };
  const asset = await db.mediaAsset.findFirst({ where, select: { renditions: true } });
  if (!asset) return;
  const { reframedFrom, ...renditions } = parseRenditions(asset.renditions);
  if (reframedFrom) {
    await db.mediaAsset.updateMany({
      where,
      data: {
        status: "READY",
        ...reframedFrom,
        renditions,
        errorMessage:
          `The new framing could not be made (${errorMessage}) The picture keeps its previous framing.`.slice(
            0,
            1_000,
          ),
      },
    });
    return;
  }
  await db.mediaAsset.updateMany({
    where,
    data: { status: "FAILED", errorMessage: errorMessage.slice(0, 1_000) },
  });
}

export type ProcessOutcome = "ready" | "failed" | "skipped";

/**
 * Turns a PROCESSING asset into its platform-ready rendition: images become a 1080×1920 JPEG
 * (see image-rendition.ts), videos a faststart H.264/AAC MP4 (transcoded only when needed,
 * optionally split into parts of at most 60 s, each its own READY asset linked to the source),
 * both with a thumbnail. A file that cannot be decoded makes the asset FAILED with a message
 * saying why ("failed"); infrastructure errors (storage, database) throw, for the queue to
 * retry. Safe to run twice: derived keys are fixed per asset, parts are upserted by position,
 * and an asset that is no longer PROCESSING is left alone ("skipped").
 */
export async function processMediaAsset(deps: MediaProcessorDeps, job: MediaJob): Promise<ProcessOutcome> {
  const asset = await loadAsset(deps.db, job);
  if (asset?.status !== "PROCESSING") return "skipped";
  const original = parseRenditions(asset.renditions).original;
  if (!original) {
    await markMediaFailed(deps.db, job, "The uploaded file was not kept. Upload it again.");
    return "failed";
  }
  await mkdir(deps.tempDir, { recursive: true });
  const workDir = await mkdtemp(join(deps.tempDir, `${asset.id}-`));
  try {
    const input = join(workDir, "original");
    await download(deps.storage, original.storageKey, input);
    const result =
      asset.kind === "IMAGE"
        ? await processImage(deps, asset, input)
        : await processVideo(deps, asset, input, workDir);
    return (await recordReady(deps.db, asset, result)) ? "ready" : "skipped";
  } catch (error) {
    if (isAppError(error, "INVALID_INPUT")) {
      await markMediaFailed(deps.db, job, error.message);
      return "failed";
    }
    throw error;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
