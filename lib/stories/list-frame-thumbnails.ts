import type { Db } from "@/lib/db/client";
import { thumbnailKeyOf, thumbnailSelect } from "@/lib/media/thumbnail-key";
import { assertCan, visibleBrandFilter, type WorkspaceContext } from "@/lib/workspaces/context";

/**
 * The storage key of each media frame's thumbnail (frame id → key, null while there is none) of
 * a story the caller may see; text frames and unknown stories give an empty map. Kept apart from
 * getStory, whose answer is also the API's, so storage keys never reach an API client.
 */
export async function listFrameThumbnails(
  db: Db,
  ctx: WorkspaceContext,
  storyId: string,
): Promise<Map<string, string | null>> {
  assertCan(ctx, "stories:view", "see stories");
  const frames = await db.storyFrame.findMany({
    where: {
      storyId,
      workspaceId: ctx.workspaceId,
      mediaAssetId: { not: null },
      story: { brand: visibleBrandFilter(ctx) },
    },
    select: { id: true, mediaAsset: { select: thumbnailSelect } },
  });
  return new Map(
    frames.map((frame) => [frame.id, frame.mediaAsset ? thumbnailKeyOf(frame.mediaAsset) : null]),
  );
}
