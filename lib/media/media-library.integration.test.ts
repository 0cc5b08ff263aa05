import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { makeBrand, makeMember, makeWorkspace } from "@/prisma/factories";
import { expectAppError } from "@/test/assert/expect-app-error";
import { jpeg } from "@/test/media/media-fixtures";
import { testBinaries } from "@/test/media/test-media";
import { deleteMediaAsset } from "./delete-media-asset";
import { getMediaAsset } from "./get-media-asset";
import { listMediaAssets } from "./list-media-assets";
import { processMediaAsset } from "./process-media-asset";
import { LocalDiskMediaStorage } from "./storage";
import { storeMediaAsset } from "./store-media-asset";

describe("media library: list and delete", () => {
  let root: string;
  let storage: LocalDiskMediaStorage;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "storyrelay-library-"));
    storage = new LocalDiskMediaStorage(join(root, "media"));
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  /** A processed (READY) image with original, rendition and thumbnail on disk. */
  async function readyImage(ctx: Awaited<ReturnType<typeof makeWorkspace>>["ctx"], brandId?: string) {
    const asset = await storeMediaAsset(
      { db: db(), storage, maxBytes: 10 * 1024 * 1024, enqueue: async () => {} },
      ctx,
      { bytes: jpeg({ width: 640, height: 480 }), originalName: "menu.jpg", brandId },
    );
    const job = { assetId: asset.id, workspaceId: ctx.workspaceId };
    await processMediaAsset({ db: db(), storage, binaries: testBinaries, tempDir: join(root, "work") }, job);
    return asset;
  }

  const files = (workspaceId: string) => readdir(join(storage.root, workspaceId)).catch(() => []);

  it("lists newest first, filters by brand, and shows a brand-limited member only their brands", async () => {
    const { ctx, workspace } = await makeWorkspace(db());
    const [a, b] = [await makeBrand(db(), ctx.workspaceId), await makeBrand(db(), ctx.workspaceId)];
    const first = await readyImage(ctx, a.id);
    const second = await readyImage(ctx, b.id);
    const all = await listMediaAssets(db(), ctx);
    expect(all.map((x) => x.id)).toEqual([second.id, first.id]);
    expect(all[0]).toMatchObject({ status: "READY", usedInStories: 0, parts: 0, brand: { name: b.name } });
    expect(all[0]?.thumbnailKey).toMatch(/-thumb\.jpg$/);
    expect((await listMediaAssets(db(), ctx, { brandId: a.id })).map((x) => x.id)).toEqual([first.id]);

    const client = await makeMember(db(), workspace, "VIEWER", { brandIds: [a.id] });
    expect((await listMediaAssets(db(), client)).map((x) => x.id)).toEqual([first.id]);
    // A brand they cannot see is not found, as for stories (the API answers 404).
    await expectAppError(listMediaAssets(db(), client, { brandId: b.id }), "NOT_FOUND");
    await expectAppError(getMediaAsset(db(), client, second.id), "NOT_FOUND");
    expect((await getMediaAsset(db(), client, first.id)).id).toBe(first.id);
    expect(await listMediaAssets(db(), (await makeWorkspace(db())).ctx)).toEqual([]);
  });

  it("deletes an unused file with all its stored files and an audit entry", async () => {
    const { ctx } = await makeWorkspace(db());
    const asset = await readyImage(ctx);
    expect(await files(ctx.workspaceId)).toHaveLength(3); // original, story rendition, thumbnail
    await deleteMediaAsset({ db: db(), storage }, ctx, asset.id);
    expect(await db().mediaAsset.count({ where: { id: asset.id } })).toBe(0);
    expect(await files(ctx.workspaceId)).toEqual([]);
    expect(
      await db().auditLog.count({
        where: { workspaceId: ctx.workspaceId, action: "media.delete", entityId: asset.id },
      }),
    ).toBe(1);
  });

  it("refuses to delete a file a story uses, and changes nothing", async () => {
    const { ctx } = await makeWorkspace(db());
    const brand = await makeBrand(db(), ctx.workspaceId);
    const asset = await readyImage(ctx, brand.id);
    const story = await db().story.create({
      data: { workspaceId: ctx.workspaceId, brandId: brand.id, title: "Menu" },
    });
    await db().storyFrame.create({
      data: { workspaceId: ctx.workspaceId, storyId: story.id, position: 0, mediaAssetId: asset.id },
    });
    const error = await expectAppError(deleteMediaAsset({ db: db(), storage }, ctx, asset.id), "CONFLICT");
    expect(error.message).toBe('"menu.jpg" is used in 1 story frame; remove it from those stories first.');
    expect(await db().mediaAsset.count({ where: { id: asset.id } })).toBe(1);
    expect(await files(ctx.workspaceId)).toHaveLength(3);
  });

  it("answers NOT_FOUND for another workspace's file and FORBIDDEN for a viewer", async () => {
    const { ctx, workspace } = await makeWorkspace(db());
    const asset = await readyImage(ctx);
    const stranger = (await makeWorkspace(db())).ctx;
    await expectAppError(deleteMediaAsset({ db: db(), storage }, stranger, asset.id), "NOT_FOUND");
    const viewer = await makeMember(db(), workspace, "VIEWER");
    await expectAppError(deleteMediaAsset({ db: db(), storage }, viewer, asset.id), "FORBIDDEN");
    expect(await db().mediaAsset.count({ where: { id: asset.id } })).toBe(1);
    expect(await files(ctx.workspaceId)).toHaveLength(3);
  });
});
