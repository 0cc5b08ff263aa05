import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { assertCan, assertNotClientMember, type WorkspaceContext } from "@/lib/workspaces/context";
import { libraryItemSelect, toLibraryItem, visibleMediaFilter } from "./library-item";

/**
 * One asset as the media library lists it, to follow its processing (PROCESSING → READY, or
 * FAILED with `errorMessage`). An asset of another workspace, or of a brand the caller cannot
 * see, is NOT_FOUND, exactly like one that does not exist.
 */
export async function getMediaAsset(db: Db, ctx: WorkspaceContext, assetId: string) {
  assertCan(ctx, "stories:view", "see the media library");
  assertNotClientMember(ctx, "see the media library");
  const asset = await db.mediaAsset.findFirst({
    where: { AND: [visibleMediaFilter(ctx), { id: assetId }] },
    select: libraryItemSelect,
  });
  if (!asset) throw new AppError("NOT_FOUND", "This media file does not exist or you cannot see it.");
  return toLibraryItem(asset);
}
