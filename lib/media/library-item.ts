import type { Prisma } from "@/lib/db/generated/client";
import type { WorkspaceContext } from "@/lib/workspaces/context";
import { parseRenditions } from "./renditions";
import { thumbnailKeyOf } from "./thumbnail-key";

/**
 * What the media library (and the REST API) shows of an asset, shared by the list and the
 * single-asset read so both answer with the same fields and the same visibility.
 */
export const libraryItemSelect = {
  id: true,
  brandId: true,
  kind: true,
  status: true,
  mimeType: true,
  originalName: true,
  sizeBytes: true,
  width: true,
  height: true,
  durationMs: true,
  checksum: true,
  storageKey: true,
  renditions: true,
  fit: true,
  errorMessage: true,
  sourceAssetId: true,
  segmentIndex: true,
  createdAt: true,
  brand: { select: { name: true } },
  _count: { select: { frames: true, segments: true } },
} satisfies Prisma.MediaAssetSelect;

type LibraryRow = Prisma.MediaAssetGetPayload<{ select: typeof libraryItemSelect }>;

export function toLibraryItem({ renditions, _count, ...asset }: LibraryRow) {
  return {
    ...asset,
    thumbnailKey: thumbnailKeyOf({ ...asset, renditions }),
    usedInStories: _count.frames,
    /** How many parts a split video was cut into (0 when not split). */
    parts: _count.segments,
    /** A Ready file being rendered again with a new framing (see reframe-media-asset.ts). */
    reframing: asset.status === "PROCESSING" && parseRenditions(renditions).reframedFrom !== undefined,
  };
}

export type MediaLibraryItem = ReturnType<typeof toLibraryItem>;

/**
 * The assets the caller may see: the workspace's, and for a member limited to some brands only
 * those brands' assets (workspace-wide assets, without a brand, are left out for them).
 */
export function visibleMediaFilter(ctx: WorkspaceContext): Prisma.MediaAssetWhereInput {
  return ctx.brandIds === null
    ? { workspaceId: ctx.workspaceId }
    : { workspaceId: ctx.workspaceId, brandId: { in: ctx.brandIds } };
}
