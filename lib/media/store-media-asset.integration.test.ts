import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import type { MediaJob } from "@/lib/queue/queues";
import { makeBrand, makeMember, makeWorkspace } from "@/prisma/factories";
import { expectAppError } from "@/test/assert/expect-app-error";
import { jpeg, mp4, png } from "@/test/media/media-fixtures";
import { parseRenditions } from "./renditions";
import { serveMedia } from "./serve-media";
import { signMediaUrl } from "./signed-url";
import { LocalDiskMediaStorage, type MediaStorage } from "./storage";
import { storeMediaAsset } from "./store-media-asset";

describe("storeMediaAsset", () => {
  let root: string;
  let storage: LocalDiskMediaStorage;
  const enqueued: MediaJob[] = [];
  const deps = () => ({
    db: db(),
    storage,
    maxBytes: 100 * 1024 * 1024,
    enqueue: async (job: MediaJob) => void enqueued.push(job),
  });

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "storyrelay-store-"));
    storage = new LocalDiskMediaStorage(root);
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  async function filesOf(workspaceId: string): Promise<string[]> {
    return readdir(join(root, workspaceId)).catch(() => []);
  }

  it("stores a JPEG for a brand as PROCESSING, with its size, checksum, an audit entry and a processing job", async () => {
    const { ctx } = await makeWorkspace(db());
    const brand = await makeBrand(db(), ctx.workspaceId);
    const bytes = jpeg({ width: 1080, height: 1920 });
    const asset = await storeMediaAsset(deps(), ctx, {
      bytes,
      originalName: "summer sale.jpg",
      brandId: brand.id,
    });

    expect(asset).toMatchObject({
      workspaceId: ctx.workspaceId,
      brandId: brand.id,
      uploadedById: ctx.userId,
      kind: "IMAGE",
      status: "PROCESSING",
      mimeType: "image/jpeg",
      originalName: "summer sale.jpg",
      sizeBytes: BigInt(bytes.length),
      width: 1080,
      height: 1920,
      durationMs: null,
      checksum: createHash("sha256").update(bytes).digest("hex"),
    });
    expect(asset.storageKey).toMatch(new RegExp(`^${ctx.workspaceId}/[0-9a-f-]{36}\\.jpg$`));
    expect((await readFile(join(root, asset.storageKey))).equals(bytes)).toBe(true);
    const audit = await db().auditLog.findFirstOrThrow({
      where: { workspaceId: ctx.workspaceId, entityId: asset.id },
    });
    expect(audit).toMatchObject({ action: "media.upload", actorUserId: ctx.userId });
    expect(enqueued).toContainEqual({ assetId: asset.id, workspaceId: ctx.workspaceId });
    expect(parseRenditions(asset.renditions).original).toEqual({
      storageKey: asset.storageKey,
      mimeType: "image/jpeg",
      width: 1080,
      height: 1920,
      sizeBytes: bytes.length,
    });
  });

  it("stores an MP4 with its display size and duration, servable by a signed URL", async () => {
    const { ctx } = await makeWorkspace(db());
    const bytes = mp4({ width: 1920, height: 1080, rotation: 90, durationSeconds: 12.34 });
    const asset = await storeMediaAsset(deps(), ctx, { bytes, originalName: "IMG_0042.MOV" });
    expect(asset).toMatchObject({
      brandId: null,
      kind: "VIDEO",
      mimeType: "video/mp4",
      width: 1080,
      height: 1920,
      durationMs: 12_340,
      checksum: createHash("sha256").update(bytes).digest("hex"),
    });
    expect(asset.storageKey.endsWith(".mp4")).toBe(true);

    const secret = "k".repeat(32);
    const url = new URL(
      signMediaUrl({
        baseUrl: "https://relay.test",
        storageKey: asset.storageKey,
        expiresAt: new Date(Date.now() + 60_000),
        secret,
      }),
    );
    const response = await serveMedia(
      { storage, secret },
      {
        method: "GET",
        key: url.pathname.slice("/media/".length),
        query: url.searchParams,
        range: "bytes=0-7",
      },
    );
    expect(response.status).toBe(206);
    expect(response.headers["Content-Type"]).toBe("video/mp4");
    const first = Buffer.from(await new Response(response.body).arrayBuffer());
    expect(first.equals(bytes.subarray(0, 8))).toBe(true);
  });

  it("goes by content, not name: a PNG called photo.jpg is a PNG; a PNG called clip.mp4 is refused", async () => {
    const { ctx } = await makeWorkspace(db());
    const asset = await storeMediaAsset(deps(), ctx, {
      bytes: png({ width: 40, height: 30 }),
      originalName: "photo.jpg",
    });
    expect(asset).toMatchObject({ mimeType: "image/png", kind: "IMAGE", width: 40, height: 30 });
    expect(asset.storageKey.endsWith(".png")).toBe(true);

    const error = await expectAppError(
      storeMediaAsset(deps(), ctx, { bytes: png({ width: 40, height: 30 }), originalName: "clip.mp4" }),
      "INVALID_INPUT",
    );
    expect(error.message).toMatch(/^This file is a PNG image, but its name ends in "\.mp4"/);
    expect(await db().mediaAsset.count({ where: { workspaceId: ctx.workspaceId } })).toBe(1);
    expect(await filesOf(ctx.workspaceId)).toHaveLength(1);
  });

  // A NUL is refused by the shared text rule before the name is looked at (lib/validation.ts).
  it.each([
    ["C:\\Users\\me\\..\\evil.jpg", /contains a folder path/],
    ["../../etc/cron.d/evil.jpg", /contains a folder path/],
    ["a\u0000.jpg", /^originalName: Contains a NUL character/],
  ])(
    "refuses a file name with a folder path or a NUL (%j) and stores nothing",
    async (originalName, message) => {
      const { ctx } = await makeWorkspace(db());
      const error = await expectAppError(
        storeMediaAsset(deps(), ctx, { bytes: jpeg({ width: 8, height: 8 }), originalName }),
        "INVALID_INPUT",
      );
      expect(error.message).toMatch(message);
      expect(await db().mediaAsset.count({ where: { workspaceId: ctx.workspaceId } })).toBe(0);
      expect(await filesOf(ctx.workspaceId)).toEqual([]);
    },
  );

  it("keeps only a displayable file name", async () => {
    const { ctx } = await makeWorkspace(db());
    const asset = await storeMediaAsset(deps(), ctx, {
      bytes: jpeg({ width: 8, height: 8 }),
      originalName: "evil\u202Egpj.exe",
    });
    expect(asset.originalName).toBe("evilgpj.exe");
    expect(asset.storageKey).not.toContain("evil");
  });

  it("refuses a file over the limit, naming the limit, and stores nothing", async () => {
    const { ctx } = await makeWorkspace(db());
    const bytes = jpeg({ width: 1080, height: 1920 });
    expect(bytes.length).toBeGreaterThan(4096);
    const error = await expectAppError(
      storeMediaAsset({ ...deps(), maxBytes: 4096 }, ctx, { bytes, originalName: "big.jpg" }),
      "INVALID_INPUT",
    );
    expect(error.message).toMatch(/^The file is [\d.]+ KB; files can be at most 4 KB\.$/);
    expect(await db().mediaAsset.count({ where: { workspaceId: ctx.workspaceId } })).toBe(0);
    expect(await filesOf(ctx.workspaceId)).toEqual([]);
  });

  it("refuses a viewer", async () => {
    const { workspace } = await makeWorkspace(db());
    const viewer = await makeMember(db(), workspace, "VIEWER");
    await expectAppError(
      storeMediaAsset(deps(), viewer, { bytes: jpeg(), originalName: "a.jpg" }),
      "FORBIDDEN",
    );
    expect(await db().mediaAsset.count({ where: { workspaceId: workspace.id } })).toBe(0);
    expect(await filesOf(workspace.id)).toEqual([]);
  });

  it("answers NOT_FOUND for another workspace's brand, and for a brand the member may not see", async () => {
    const { ctx } = await makeWorkspace(db());
    const other = await makeWorkspace(db());
    const foreignBrand = await makeBrand(db(), other.workspace.id);
    await expectAppError(
      storeMediaAsset(deps(), ctx, { bytes: jpeg(), originalName: "a.jpg", brandId: foreignBrand.id }),
      "NOT_FOUND",
    );

    const [mine, hidden] = [await makeBrand(db(), ctx.workspaceId), await makeBrand(db(), ctx.workspaceId)];
    const limited = await makeMember(db(), { id: ctx.workspaceId, slug: ctx.workspaceSlug }, "EDITOR", {
      brandIds: [mine.id],
    });
    await expectAppError(
      storeMediaAsset(deps(), limited, { bytes: jpeg(), originalName: "a.jpg", brandId: hidden.id }),
      "NOT_FOUND",
    );
    expect(
      (await storeMediaAsset(deps(), limited, { bytes: jpeg(), originalName: "a.jpg", brandId: mine.id }))
        .brandId,
    ).toBe(mine.id);
    expect(await db().mediaAsset.count({ where: { workspaceId: ctx.workspaceId } })).toBe(1);
    expect(await filesOf(ctx.workspaceId)).toHaveLength(1);
  });

  it.each([
    ["an SVG", Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), /SVG/],
    ["a truncated JPEG", jpeg({ width: 64, height: 64 }).subarray(0, 100), /JPEG is incomplete/],
    ["an empty file", Buffer.alloc(0), /empty/],
  ])("refuses %s with INVALID_INPUT and stores nothing", async (_, bytes, message) => {
    const { ctx } = await makeWorkspace(db());
    const error = await expectAppError(
      storeMediaAsset(deps(), ctx, { bytes, originalName: "photo.jpg" }),
      "INVALID_INPUT",
    );
    expect(error.message).toMatch(message);
    expect(error.details.fields?.file).toBe(error.message);
    expect(await db().mediaAsset.count({ where: { workspaceId: ctx.workspaceId } })).toBe(0);
    expect(await filesOf(ctx.workspaceId)).toEqual([]);
  });

  it("removes the stored file again when the database refuses the row", async () => {
    const { ctx } = await makeWorkspace(db());
    const puts: string[] = [];
    const recording: MediaStorage = {
      put: async (key, bytes) => {
        puts.push(key);
        await storage.put(key, bytes);
      },
      putFile: (key, path) => storage.putFile(key, path),
      get: (key, range) => storage.get(key, range),
      stat: (key) => storage.stat(key),
      delete: (key) => storage.delete(key),
    };
    // A workspace id that passes the context but has no row: the insert fails on its foreign key.
    const ghost = { ...ctx, workspaceId: `${ctx.workspaceId}x` };
    await expect(
      storeMediaAsset({ ...deps(), storage: recording }, ghost, { bytes: jpeg(), originalName: "a.jpg" }),
    ).rejects.toThrow();
    expect(puts).toHaveLength(1);
    expect(await storage.stat(puts[0] ?? "")).toBeNull();
  });
});
