import { randomUUID } from "node:crypto";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { createLogger } from "@/lib/logger";
import { requeueMediaJob } from "@/lib/queue/media-queue";
import type { MediaJob } from "@/lib/queue/queues";
import { makeBrand, makeMember, makeWorkspace } from "@/prisma/factories";
import { waitUntil } from "@/test/assert/wait-until";
import { startMediaWorker } from "@/workers/media-worker";
import { deleteMediaAsset } from "./delete-media-asset";
import { getMediaFraming } from "./get-media-framing";
import { ingestMedia } from "./ingest-media";
import { processingOptionsSchema } from "./processing-options";
import { reframeMediaAsset } from "./reframe-media-asset";
import { parseRenditions } from "./renditions";
import { mediaStorage } from "./storage-config";

// Reframing end to end: a landscape photo with three coloured bands is uploaded and processed by
// the real media worker (BullMQ on Redis, sharp, the configured storage); a new focal point or
// fit is saved and the same worker renders it again. The rendition's pixels say which band the
// 9:16 window took.

type Rgb = [number, number, number];

/** 1600×900: red, green and blue thirds (a 9:16 crop is 506 px wide, so it fits in one band). */
async function bandsJpeg(): Promise<Buffer> {
  const band = (left: number, colour: string) => ({
    input: { create: { width: 534, height: 900, channels: 3 as const, background: colour } },
    left,
    top: 0,
  });
  return sharp({ create: { width: 1600, height: 900, channels: 3, background: "#000000" } })
    .composite([band(0, "#ff0000"), band(533, "#00ff00"), band(1066, "#0000ff")])
    .jpeg({ quality: 95 })
    .toBuffer();
}

async function pixel(bytes: Buffer, left: number, top: number): Promise<Rgb> {
  const raw = await sharp(bytes).extract({ left, top, width: 1, height: 1 }).raw().toBuffer();
  return [raw[0] ?? 0, raw[1] ?? 0, raw[2] ?? 0];
}

/** Which band a pixel shows: the channel well above the others. */
function colourOf([r, g, b]: Rgb): string {
  if (r > 180 && g < 80 && b < 80) return "red";
  if (g > 180 && r < 80 && b < 80) return "green";
  if (b > 180 && r < 80 && g < 80) return "blue";
  return `other(${r},${g},${b})`;
}

async function streamBytes(key: string): Promise<Buffer | null> {
  const stream = await mediaStorage().get(key);
  return stream ? Buffer.from(await new Response(stream as ReadableStream).arrayBuffer()) : null;
}

describe("reframeMediaAsset", () => {
  let media: ReturnType<typeof startMediaWorker>;
  const enqueue = (job: MediaJob) => requeueMediaJob(job, media.queue);

  beforeAll(() => {
    media = startMediaWorker({
      config: env(),
      logger: createLogger("test", "silent"),
      prefix: `test-${randomUUID()}`,
      sweep: false,
    });
  });

  afterAll(async () => {
    await media.close();
  });

  const settled = (id: string) =>
    waitUntil(
      async () => {
        const asset = await db().mediaAsset.findUniqueOrThrow({ where: { id } });
        return asset.status === "PROCESSING" ? undefined : asset;
      },
      { timeoutMs: 30_000, what: "the asset to leave PROCESSING" },
    );

  /** A Ready landscape photo, filled around its centre (the green band), in a new workspace. */
  async function readyPhoto() {
    const { ctx, workspace } = await makeWorkspace(db());
    const brand = await makeBrand(db(), ctx.workspaceId);
    const asset = await ingestMedia(
      {
        db: db(),
        storage: mediaStorage(),
        maxBytes: 50 * 1024 * 1024,
        enqueue: (job) => requeueMediaJob(job, media.queue),
      },
      ctx,
      {
        source: { bytes: await bandsJpeg() },
        originalName: "shopfront.jpg",
        brandId: brand.id,
        options: processingOptionsSchema.parse({ fit: "COVER" }),
      },
    );
    const ready = await settled(asset.id);
    expect(ready.status).toBe("READY");
    return { ctx, workspace, brand, asset: ready };
  }

  async function rendition(id: string) {
    const asset = await db().mediaAsset.findUniqueOrThrow({ where: { id } });
    const bytes = await streamBytes(asset.storageKey);
    if (!bytes) throw new Error(`rendition ${asset.storageKey} is missing`);
    return { asset, bytes };
  }

  it("renders the photo again around a new focal point, under new keys, keeping the previous files", async () => {
    const { ctx, asset } = await readyPhoto();
    const before = await rendition(asset.id);
    expect(colourOf(await pixel(before.bytes, 540, 960))).toBe("green");
    const beforeThumbnail = parseRenditions(before.asset.renditions).thumbnail?.storageKey ?? "";

    await reframeMediaAsset({ db: db(), enqueue }, ctx, {
      assetId: asset.id,
      fit: "COVER",
      focalX: 0.05,
      focalY: 0.5,
    });
    // Until the worker is done the library says so, and the story rendition is still the old one.
    const rendering = await getMediaFraming(db(), ctx, asset.id);
    expect(rendering).toMatchObject({ status: "PROCESSING", reframing: true, focalX: 0.05 });

    expect((await settled(asset.id)).status).toBe("READY");
    const after = await rendition(asset.id);
    expect(colourOf(await pixel(after.bytes, 540, 960))).toBe("red");
    expect(colourOf(await pixel(after.bytes, 1000, 100))).toBe("red");
    expect(after.asset).toMatchObject({ width: 1080, height: 1920, fit: "COVER", focalX: 0.05 });
    expect(after.asset.storageKey).not.toBe(before.asset.storageKey);
    expect(after.asset.checksum).not.toBe(before.asset.checksum);
    const renditions = parseRenditions(after.asset.renditions);
    expect(renditions.thumbnail?.storageKey).not.toBe(beforeThumbnail);
    expect(renditions.revision).toBe(1);
    const thumbnail = await streamBytes(renditions.thumbnail?.storageKey ?? "");
    expect(colourOf(await pixel(thumbnail ?? Buffer.alloc(0), 180, 320))).toBe("red");
    // A publish handed the previous URL still finds its file.
    expect(await streamBytes(before.asset.storageKey)).not.toBeNull();
    expect(renditions.superseded).toEqual([before.asset.storageKey, beforeThumbnail]);

    // Fit instead of fill: the whole width shows, red at the left edge and blue at the right.
    await reframeMediaAsset({ db: db(), enqueue }, ctx, {
      assetId: asset.id,
      fit: "CONTAIN_BLUR",
      focalX: 0.05,
      focalY: 0.5,
    });
    expect((await settled(asset.id)).status).toBe("READY");
    const fitted = await rendition(asset.id);
    expect(colourOf(await pixel(fitted.bytes, 20, 960))).toBe("red");
    expect(colourOf(await pixel(fitted.bytes, 540, 960))).toBe("green");
    expect(colourOf(await pixel(fitted.bytes, 1060, 960))).toBe("blue");
    expect(parseRenditions(fitted.asset.renditions).revision).toBe(2);

    // Deleting the asset removes every framing's files.
    await deleteMediaAsset({ db: db(), storage: mediaStorage() }, ctx, asset.id);
    for (const key of [
      before.asset.storageKey,
      beforeThumbnail,
      after.asset.storageKey,
      fitted.asset.storageKey,
    ])
      expect(await streamBytes(key)).toBeNull();
  });

  it("keeps the previous framing, Ready, when the new one cannot be rendered, and says why", async () => {
    const { ctx, asset } = await readyPhoto();
    const original = parseRenditions(asset.renditions).original?.storageKey ?? "";
    await mediaStorage().delete(original);

    await reframeMediaAsset({ db: db(), enqueue }, ctx, {
      assetId: asset.id,
      fit: "CONTAIN_BLUR",
      focalX: 0.1,
      focalY: 0.2,
    });
    const back = await settled(asset.id);
    expect(back).toMatchObject({ status: "READY", fit: "COVER", focalX: 0.5, focalY: 0.5 });
    expect(back.errorMessage).toMatch(
      /^The new framing could not be made \(The uploaded file is no longer in media storage\..*\) The picture keeps its previous framing\.$/,
    );
    expect(back.storageKey).toBe(asset.storageKey);
    expect(back.checksum).toBe(asset.checksum);
    expect(parseRenditions(back.renditions).reframedFrom).toBeUndefined();
    expect(colourOf(await pixel((await rendition(asset.id)).bytes, 540, 960))).toBe("green");
    expect(await getMediaFraming(db(), ctx, asset.id)).toMatchObject({ status: "READY", reframing: false });
  });

  it("refuses bad input, foreign or unready assets, videos and a story going out now, changing nothing", async () => {
    const { ctx, workspace, brand, asset } = await readyPhoto();
    const other = await makeWorkspace(db());
    const outsider = await makeBrand(db(), workspace.id);
    const limited = await makeMember(db(), workspace, "EDITOR", { brandIds: [outsider.id] });
    const viewer = await makeMember(db(), workspace, "VIEWER");
    const jobs: MediaJob[] = [];
    const record = async (job: MediaJob) => void jobs.push(job);
    const good = { assetId: asset.id, fit: "COVER" as const, focalX: 0.2, focalY: 0.5 };

    const refusal = async (run: Promise<unknown>) => {
      try {
        await run;
      } catch (error) {
        if (isAppError(error))
          return { code: error.code, message: error.message, fields: error.details.fields };
        throw error;
      }
      throw new Error("expected a refusal");
    };
    const reframe = (input: Parameters<typeof reframeMediaAsset>[2], as = ctx) =>
      refusal(reframeMediaAsset({ db: db(), enqueue: record }, as, input));

    expect(await reframe({ ...good, focalX: 1.5 })).toMatchObject({
      code: "INVALID_INPUT",
      fields: { focalX: "between 0 and 1" },
    });
    expect(await reframe({ ...good, fit: "STRETCH" as "COVER" })).toMatchObject({ code: "INVALID_INPUT" });
    expect(await reframe(good, other.ctx)).toMatchObject({ code: "NOT_FOUND" });
    expect(await reframe(good, limited)).toMatchObject({ code: "NOT_FOUND" });
    expect(await reframe(good, viewer)).toMatchObject({ code: "FORBIDDEN" });
    expect(await reframe({ ...good, assetId: "no-such-asset" })).toMatchObject({ code: "NOT_FOUND" });

    const video = await db().mediaAsset.create({
      data: {
        workspaceId: ctx.workspaceId,
        kind: "VIDEO",
        status: "READY",
        mimeType: "video/mp4",
        originalName: "tour.mp4",
        sizeBytes: 10,
        checksum: "x",
        storageKey: `${ctx.workspaceId}/tour.mp4`,
      },
    });
    expect(await reframe({ ...good, assetId: video.id })).toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("is a video"),
    });
    await db().mediaAsset.update({ where: { id: video.id }, data: { kind: "IMAGE", status: "PROCESSING" } });
    expect(await reframe({ ...good, assetId: video.id })).toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("still being processed"),
    });

    // A story with this photo is being published right now: it must not go out with two framings.
    const story = await db().story.create({
      data: {
        workspaceId: ctx.workspaceId,
        brandId: brand.id,
        title: "Opening day",
        status: "PUBLISHING",
        frames: { create: { position: 0, mediaAssetId: asset.id } },
      },
    });
    expect(await reframe(good)).toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining('"Opening day" is being published'),
    });

    const unchanged = await db().mediaAsset.findUniqueOrThrow({ where: { id: asset.id } });
    expect(unchanged).toMatchObject({ status: "READY", fit: "COVER", focalX: 0.5, focalY: 0.5 });
    expect(unchanged.storageKey).toBe(asset.storageKey);
    expect(jobs).toEqual([]);
    expect(
      await db().auditLog.count({ where: { workspaceId: ctx.workspaceId, action: "media.reframe" } }),
    ).toBe(0);

    // Once it has gone out, the photo can be reframed; the editor says who gets the new framing.
    await db().story.update({ where: { id: story.id }, data: { status: "PUBLISHED" } });
    await db().story.create({
      data: {
        workspaceId: ctx.workspaceId,
        brandId: brand.id,
        status: "SCHEDULED",
        frames: { create: { position: 0, mediaAssetId: asset.id } },
      },
    });
    expect((await getMediaFraming(db(), ctx, asset.id)).usage).toEqual({
      upcoming: 1,
      sent: 1,
      publishing: [],
    });
    await reframeMediaAsset({ db: db(), enqueue: record }, ctx, good);
    expect(jobs).toEqual([{ assetId: asset.id, workspaceId: ctx.workspaceId }]);
    // A second save before the first render is done is told why.
    expect(await reframe(good)).toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("still being processed"),
    });
  });
});
