import type { Db } from "@/lib/db/client";
import { getMediaAsset } from "@/lib/media/get-media-asset";
import { getStory } from "@/lib/stories/get-story";
import type { WorkspaceContext } from "@/lib/workspaces/context";

/** A story as the API returns it after any change: re-read, so the response shows what is stored. */
export function storyResponse(db: Db, ctx: WorkspaceContext, storyId: string) {
  return getStory(db, ctx, storyId);
}

/** A media asset as the API returns it; where its files are stored stays on the server. */
export function presentMedia<T extends { thumbnailKey: string | null }>({ thumbnailKey, ...asset }: T) {
  return { ...asset, hasThumbnail: thumbnailKey !== null };
}

/** A media asset as the API returns it after an upload: re-read, like storyResponse. */
export async function mediaResponse(db: Db, ctx: WorkspaceContext, assetId: string) {
  return presentMedia(await getMediaAsset(db, ctx, assetId));
}
