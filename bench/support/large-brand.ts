import { randomBytes, randomUUID } from "node:crypto";
import type { Db } from "@/lib/db/client";
import type { MediaStorage } from "@/lib/media/storage";

export type LargeBrand = {
  workspaceId: string;
  workspaceSlug: string;
  ownerId: string;
  brandId: string;
  channelId: string;
  storyIds: string[];
  mediaAssetIds: string[];
  /** Every storage key written (one file per media asset), to check a deletion removed them. */
  mediaKeys: string[];
  mediaBytes: number;
};

const ROWS_PER_INSERT = 1_000;

/**
 * A workspace with one brand of `stories` published stories (one frame and one Instagram target
 * each) over `mediaFiles` media files of `mediaFileBytes` random bytes each (random, so nothing
 * compresses them), written to `storage`. Rows are inserted in batches, files one at a time (the
 * seeder's own memory stays small). Reusable by any bench that needs a big brand: the data export
 * bench, a deletion bench.
 */
export async function seedLargeBrand(
  db: Db,
  storage: MediaStorage,
  options: {
    stories: number;
    mediaFiles: number;
    mediaFileBytes: number;
    onProgress?: (text: string) => void;
  },
): Promise<LargeBrand> {
  const run = randomUUID().slice(0, 8);
  const owner = await db.user.create({
    data: { email: `bench-${run}@example.test`, name: `Bench Owner ${run}`, passwordHash: "not-a-hash" },
  });
  const workspace = await db.workspace.create({
    data: {
      name: `Bench Agency ${run}`,
      slug: `bench-${run}`,
      memberships: { create: { userId: owner.id, role: "OWNER" } },
    },
  });
  const brand = await db.brand.create({
    data: { workspaceId: workspace.id, name: `Bench Brand ${run}`, timeZone: "Europe/Berlin" },
  });
  const channel = await db.channel.create({
    data: {
      workspaceId: workspace.id,
      brandId: brand.id,
      platform: "INSTAGRAM",
      externalAccountId: `17841${run}`,
      displayName: `@bench_${run}`,
      sandbox: true,
    },
  });
  const mediaAssetIds: string[] = [];
  const mediaKeys: string[] = [];
  for (let i = 0; i < options.mediaFiles; i++) {
    const id = randomUUID();
    const key = `${workspace.id}/${id}.mp4`;
    await storage.put(key, randomBytes(options.mediaFileBytes));
    mediaAssetIds.push(id);
    mediaKeys.push(key);
    if ((i + 1) % 200 === 0) options.onProgress?.(`media ${i + 1}/${options.mediaFiles}`);
  }
  for (let i = 0; i < mediaAssetIds.length; i += ROWS_PER_INSERT) {
    await db.mediaAsset.createMany({
      data: mediaAssetIds.slice(i, i + ROWS_PER_INSERT).map((id, j) => ({
        id,
        workspaceId: workspace.id,
        brandId: brand.id,
        uploadedById: owner.id,
        kind: "VIDEO" as const,
        status: "READY" as const,
        mimeType: "video/mp4",
        originalName: `clip-${i + j}.mp4`,
        sizeBytes: options.mediaFileBytes,
        width: 1080,
        height: 1920,
        durationMs: 15_000,
        checksum: "0".repeat(64),
        storageKey: mediaKeys[i + j] ?? "",
      })),
    });
  }
  const storyIds = Array.from({ length: options.stories }, () => randomUUID());
  const publishedAt = new Date(Date.now() - 86_400_000);
  for (let i = 0; i < storyIds.length; i += ROWS_PER_INSERT) {
    const batch = storyIds.slice(i, i + ROWS_PER_INSERT);
    await db.story.createMany({
      data: batch.map((id, j) => ({
        id,
        workspaceId: workspace.id,
        brandId: brand.id,
        authorId: owner.id,
        title: `Bench story ${i + j}: a caption long enough to look like one, with an emoji 🎉`,
        status: "PUBLISHED" as const,
        scheduledAt: publishedAt,
        scheduledLocal: "2026-12-05T09:00",
        timeZone: "Europe/Berlin",
        publishedAt,
      })),
    });
    await db.storyFrame.createMany({
      data: batch.map((storyId, j) => ({
        workspaceId: workspace.id,
        storyId,
        position: 0,
        mediaAssetId: mediaAssetIds[(i + j) % mediaAssetIds.length] ?? null,
      })),
    });
    await db.storyTarget.createMany({
      data: batch.map((storyId) => ({
        workspaceId: workspace.id,
        storyId,
        channelId: channel.id,
        state: "PUBLISHED" as const,
        publishedAt,
        permalink: `https://instagram.example.test/stories/${storyId}`,
      })),
    });
    options.onProgress?.(`stories ${Math.min(i + ROWS_PER_INSERT, storyIds.length)}/${storyIds.length}`);
  }
  return {
    workspaceId: workspace.id,
    workspaceSlug: workspace.slug,
    ownerId: owner.id,
    brandId: brand.id,
    channelId: channel.id,
    storyIds,
    mediaAssetIds,
    mediaKeys,
    mediaBytes: options.mediaFiles * options.mediaFileBytes,
  };
}
