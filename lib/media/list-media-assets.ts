import { z } from "zod";
import { getBrand } from "@/lib/brands/get-brand";
import type { Db } from "@/lib/db/client";
import { MediaKind, MediaStatus } from "@/lib/db/generated/enums";
import { parseInput } from "@/lib/validation";
import { assertCan, assertNotClientMember, type WorkspaceContext } from "@/lib/workspaces/context";
import { libraryItemSelect, toLibraryItem, visibleMediaFilter } from "./library-item";
import { MEDIA_LIST_ORDER, mediaAfterCursor } from "./media-cursor";

const inputSchema = z.object({
  brandId: z.string().min(1).max(100).optional(),
  /** Only assets in one of these statuses / of one of these kinds. */
  status: z.array(z.enum(MediaStatus)).min(1).optional(),
  kind: z.array(z.enum(MediaKind)).min(1).optional(),
  /** From media-cursor.ts: the page after the row it was made from. */
  cursor: z.string().min(1).max(500).optional(),
  limit: z.number().int().min(1).max(500).default(200),
});

/**
 * The media library: the assets the caller may see (see visibleMediaFilter) newest first, a split
 * video's parts in order (index MediaAsset(workspaceId, createdAt)), optionally of one brand, in
 * some statuses or of some kinds, a page after `cursor`. A brand the caller cannot see is
 * NOT_FOUND, as for stories.
 */
export async function listMediaAssets(
  db: Db,
  ctx: WorkspaceContext,
  input: z.input<typeof inputSchema> = {},
) {
  assertCan(ctx, "stories:view", "see the media library");
  assertNotClientMember(ctx, "see the media library");
  const { brandId, status, kind, cursor, limit } = parseInput(inputSchema, input);
  if (brandId !== undefined) await getBrand(db, ctx, brandId);
  const assets = await db.mediaAsset.findMany({
    where: {
      AND: [
        visibleMediaFilter(ctx),
        // Files deleted by media retention (decision 035) cannot be used again.
        { purgedAt: null },
        brandId !== undefined ? { brandId } : {},
        status ? { status: { in: status } } : {},
        kind ? { kind: { in: kind } } : {},
        cursor ? mediaAfterCursor(cursor) : {},
      ],
    },
    orderBy: [...MEDIA_LIST_ORDER],
    take: limit,
    select: libraryItemSelect,
  });
  return assets.map(toLibraryItem);
}
