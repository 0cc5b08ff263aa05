import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import type { MediaJob } from "@/lib/queue/queues";
import { makeBrand, makeWorkspace } from "@/prisma/factories";
import { halvesJpeg, solidPng, testBinaries, testVideo } from "@/test/media/test-media";
import { ingestMedia } from "./ingest-media";
import { listMediaAssets } from "./list-media-assets";
import { probeVideo } from "./probe";
import { type MediaProcessorDeps, processMediaAsset } from "./process-media-asset";
import { type ProcessingOptionsInput, processingOptionsSchema } from "./processing-options";
import { parseRenditions } from "./renditions";
import { LocalDiskMediaStorage } from "./storage";

describe("processMediaAsset", () => {
  let root: string;
  let scratch: string;
  let storage: LocalDiskMediaStorage;
  let processor: MediaProcessorDeps;
  const jobs: MediaJob[] = [];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "storyrelay-process-"));
    scratch = await mkdtemp(join(tmpdir(), "storyrelay-process-src-"));
    storage = new LocalDiskMediaStorage(join(root, "media"));
    processor = { db: db(), storage, binaries: testBinaries, tempDir: join(root, "work") };
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
    await rm(scratch, { recursive: true, force: true });
  });

  async function ingest(
    source: { bytes: Buffer } | { path: string },
    options: ProcessingOptionsInput = {},
    originalName = "upload",
  ) {
    const { ctx } = await makeWorkspace(db());
    const brand = await makeBrand(db(), ctx.workspaceId);
    const withSize =
      "bytes" in source ? source : { path: source.path, sizeBytes: (await readFile(source.path)).byteLength };
    const asset = await ingestMedia(
      { db: db(), storage, maxBytes: 500 * 1024 * 1024, enqueue: async (job) => void jobs.push(job) },
      ctx,
      { source: withSize, originalName, brandId: brand.id, options: processingOptionsSchema.parse(options) },
    );
    return { ctx, asset, job: { assetId: asset.id, workspaceId: ctx.workspaceId } };
  }

  async function stored(key: string): Promise<Buffer> {
    return readFile(join(storage.root, key));
  }

  it("turns a rotated landscape JPEG into a 1080×1920 sRGB JPEG without metadata, keeping the original", async () => {
    const original = await halvesJpeg(1200, 800, { orientation: 6 });
    const { asset, job } = await ingest({ bytes: original }, { fit: "COVER" }, "holiday.jpg");
    expect(asset.status).toBe("PROCESSING");
    expect(jobs).toContainEqual(job);

    expect(await processMediaAsset(processor, job)).toBe("ready");
    const ready = await db().mediaAsset.findUniqueOrThrow({ where: { id: asset.id } });
    expect(ready).toMatchObject({
      status: "READY",
      mimeType: "image/jpeg",
      width: 1080,
      height: 1920,
      errorMessage: null,
    });
    const rendition = await stored(ready.storageKey);
    expect(ready.sizeBytes).toBe(BigInt(rendition.byteLength));
    const meta = await sharp(rendition).metadata();
    expect(meta).toMatchObject({ format: "jpeg", width: 1080, height: 1920, space: "srgb" });
    expect(meta.exif).toBeUndefined();
    expect(meta.orientation).toBeUndefined();

    const renditions = parseRenditions(ready.renditions);
    expect(renditions.original).toMatchObject({ mimeType: "image/jpeg", width: 800, height: 1200 });
    expect((await stored(renditions.original?.storageKey ?? "")).equals(original)).toBe(true);
    expect(renditions.thumbnail).toMatchObject({ mimeType: "image/jpeg", width: 360, height: 640 });
    expect((await sharp(await stored(renditions.thumbnail?.storageKey ?? "")).metadata()).width).toBe(360);
  });

  it("crops around the focal point: left edge shows the white half, right edge the black half", async () => {
    const brightness = async (key: string) => (await sharp(await stored(key)).stats()).channels[0]?.mean ?? 0;
    const left = await ingest({ bytes: await halvesJpeg(1600, 900) }, { fit: "COVER", focalX: 0 });
    const right = await ingest({ bytes: await halvesJpeg(1600, 900) }, { fit: "COVER", focalX: 1 });
    await processMediaAsset(processor, left.job);
    await processMediaAsset(processor, right.job);
    const [l, r] = await Promise.all(
      [left, right].map(async ({ asset }) =>
        brightness((await db().mediaAsset.findUniqueOrThrow({ where: { id: asset.id } })).storageKey),
      ),
    );
    expect(l).toBeGreaterThan(240);
    expect(r).toBeLessThan(15);
  });

  it("contains a landscape PNG on a blurred, darkened fill of itself", async () => {
    const { asset, job } = await ingest(
      { bytes: await solidPng(1600, 900, "#ff0000") },
      { fit: "CONTAIN_BLUR" },
    );
    expect(await processMediaAsset(processor, job)).toBe("ready");
    const ready = await db().mediaAsset.findUniqueOrThrow({ where: { id: asset.id } });
    const { data, info } = await sharp(await stored(ready.storageKey))
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([1080, 1920]);
    const pixel = (x: number, y: number) =>
      Array.from(data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3));
    const [cr, cg] = pixel(540, 960) as [number, number];
    const [tr, tg] = pixel(540, 100) as [number, number];
    expect(cr).toBeGreaterThan(240); // the picture itself, full strength
    expect(cg).toBeLessThan(20);
    expect(tr).toBeGreaterThan(80); // the fill: still red, but darker
    expect(tr).toBeLessThan(200);
    expect(tg).toBeLessThan(30);
  });

  it("transcodes an MPEG-4/MP3 landscape video to a faststart H.264/AAC 9:16 MP4 with a thumbnail", async () => {
    const path = await testVideo(scratch, { width: 320, height: 240, seconds: 3, codec: "mpeg4" });
    const { asset, job } = await ingest({ path }, { fit: "CONTAIN_BLUR" }, "clip.avi.mp4");
    expect(asset).toMatchObject({ kind: "VIDEO", status: "PROCESSING", width: null });
    expect(await processMediaAsset(processor, job)).toBe("ready");
    const ready = await db().mediaAsset.findUniqueOrThrow({ where: { id: asset.id } });
    expect(ready).toMatchObject({ status: "READY", mimeType: "video/mp4", width: 320, height: 568 });
    expect(ready.durationMs).toBeGreaterThan(2_900);
    expect(ready.durationMs).toBeLessThan(3_200);
    const bytes = await stored(ready.storageKey);
    expect(bytes.indexOf("moov")).toBeLessThan(bytes.indexOf("mdat")); // faststart
    const outPath = join(scratch, "out.mp4");
    await writeFile(outPath, bytes);
    const probe = await probeVideo(await testBinaries(), outPath);
    expect(probe).toMatchObject({
      videoCodec: "h264",
      profile: "High",
      pixelFormat: "yuv420p",
      audioCodec: "aac",
    });
    expect(parseRenditions(ready.renditions).thumbnail).toMatchObject({ width: 360, height: 640 });
  });

  it("turns a phone video recorded sideways (rotation metadata) upright before fitting it", async () => {
    const path = await testVideo(scratch, {
      width: 320,
      height: 240,
      seconds: 2,
      codec: "h264",
      rotate: 90,
      name: "sideways.mp4",
    });
    const binaries = await testBinaries();
    const sideways = await probeVideo(binaries, path);
    expect(sideways).toMatchObject({ width: 240, height: 320, codedWidth: 320 });
    expect([90, 270]).toContain(sideways.rotation);
    const { asset, job } = await ingest({ path }, { fit: "COVER" });
    expect(await processMediaAsset(processor, job)).toBe("ready");
    const ready = await db().mediaAsset.findUniqueOrThrow({ where: { id: asset.id } });
    expect(ready).toMatchObject({ width: 240, height: 426 });
    const outPath = join(scratch, "upright.mp4");
    await writeFile(outPath, await stored(ready.storageKey));
    expect(await probeVideo(binaries, outPath)).toMatchObject({
      rotation: 0,
      width: 240,
      height: 426,
      codedWidth: 240,
    });
  });

  it("only remuxes a video that is already story-ready", async () => {
    const path = await testVideo(scratch, { width: 180, height: 320, seconds: 2, codec: "h264" });
    const { asset, job } = await ingest({ path });
    expect(await processMediaAsset(processor, job)).toBe("ready");
    const ready = await db().mediaAsset.findUniqueOrThrow({ where: { id: asset.id } });
    expect(ready).toMatchObject({ width: 180, height: 320 });
    const outPath = join(scratch, "remuxed.mp4");
    await writeFile(outPath, await stored(ready.storageKey));
    // ultrafast x264 writes Constrained Baseline; our encoder would have written High.
    expect((await probeVideo(await testBinaries(), outPath)).profile).toBe("Constrained Baseline");
  });

  it("splits a 75 s video into two parts of at most 60 s, in order, linked to their source", async () => {
    const path = await testVideo(scratch, { width: 128, height: 96, seconds: 75, codec: "mpeg4", rate: 10 });
    const { asset, job, ctx } = await ingest({ path }, { splitVideo: true, fit: "COVER" }, "talk.mp4");
    expect(await processMediaAsset(processor, job)).toBe("ready");
    const library = await listMediaAssets(db(), ctx);
    expect(library.find((item) => item.id === asset.id)).toMatchObject({ status: "READY", parts: 2 });
    const parts = await db().mediaAsset.findMany({
      where: { workspaceId: job.workspaceId, sourceAssetId: asset.id },
      orderBy: { segmentIndex: "asc" },
    });
    expect(parts.map((p) => [p.segmentIndex, p.status, p.originalName])).toEqual([
      [0, "READY", "talk.mp4 (part 1 of 2)"],
      [1, "READY", "talk.mp4 (part 2 of 2)"],
    ]);
    for (const part of parts) {
      expect(part.durationMs).toBeGreaterThan(35_000);
      expect(part.durationMs).toBeLessThanOrEqual(60_000);
      expect(part.brandId).toBe(asset.brandId);
      expect((await stored(part.storageKey)).byteLength).toBe(Number(part.sizeBytes));
    }
    // Running the job again (a retry after a crash) changes nothing.
    const files = await readdir(join(storage.root, job.workspaceId));
    expect(await processMediaAsset(processor, job)).toBe("skipped");
    expect(await readdir(join(storage.root, job.workspaceId))).toEqual(files);
    expect(await db().mediaAsset.count({ where: { sourceAssetId: asset.id } })).toBe(2);
  }, 120_000);

  it("marks a video that cannot be decoded FAILED with the reason, and leaves the work dir empty", async () => {
    const path = join(scratch, "broken.mp4");
    // A valid ftyp box followed by junk: passes the type check, fails decoding.
    const ftyp = Buffer.concat([
      Buffer.from([0, 0, 0, 24]),
      Buffer.from("ftypisom\0\0\x02\0isommp41", "latin1"),
    ]);
    await writeFile(path, Buffer.concat([ftyp, Buffer.alloc(50_000, 7)]));
    const { asset, job } = await ingest({ path });
    expect(await processMediaAsset(processor, job)).toBe("failed");
    const failed = await db().mediaAsset.findUniqueOrThrow({ where: { id: asset.id } });
    expect(failed.status).toBe("FAILED");
    expect(failed.errorMessage).toMatch(/^This video cannot be read \(.+\)\. Export it again/);
    expect(await readdir(join(root, "work"))).toEqual([]);
  });
});
