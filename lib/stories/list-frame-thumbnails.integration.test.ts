import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { makeBrand, makeMediaAsset, makeMember, makeWorkspace } from "@/prisma/factories";
import { jpeg } from "@/test/media/media-fixtures";
import { listFrameThumbnails } from "./list-frame-thumbnails";

// The story page's frame pictures: a key per media frame, nothing for text frames, and nothing
// at all for someone who cannot see the story.

describe("listFrameThumbnails", () => {
  it("gives each media frame its picture's key, and nothing to another workspace or brand", async () => {
    const { workspace, ctx } = await makeWorkspace(db());
    const brand = await makeBrand(db(), workspace.id);
    const other = await makeBrand(db(), workspace.id);
    const asset = await makeMediaAsset(db(), workspace.id, {
      kind: "IMAGE",
      bytes: jpeg({ seed: 3 }),
      mimeType: "image/jpeg",
    });
    const story = await db().story.create({ data: { workspaceId: workspace.id, brandId: brand.id } });
    const image = await db().storyFrame.create({
      data: { workspaceId: workspace.id, storyId: story.id, position: 0, mediaAssetId: asset.id },
    });
    await db().storyFrame.create({
      data: { workspaceId: workspace.id, storyId: story.id, position: 1, text: "Open till 6" },
    });

    expect(await listFrameThumbnails(db(), ctx, story.id)).toEqual(new Map([[image.id, asset.storageKey]]));

    const stranger = await makeWorkspace(db());
    expect((await listFrameThumbnails(db(), stranger.ctx, story.id)).size).toBe(0);
    const limited = await makeMember(db(), workspace, "VIEWER", { brandIds: [other.id] });
    expect((await listFrameThumbnails(db(), limited, story.id)).size).toBe(0);
  });
});
