import type { MediaKind, MediaStatus } from "@/lib/db/generated/enums";
import { parseRenditions } from "./renditions";

/** The columns `thumbnailKeyOf` reads; select them wherever a frame or asset is shown small. */
export const thumbnailSelect = { kind: true, status: true, storageKey: true, renditions: true } as const;

/**
 * The stored file to show an asset small: its thumbnail rendition, or for a READY image made
 * before thumbnails existed the image itself. Null while nothing small enough exists (a video
 * still processing, a failed upload): lists then show a placeholder rather than a broken image.
 */
export function thumbnailKeyOf(asset: {
  kind: MediaKind;
  status: MediaStatus;
  storageKey: string;
  renditions: unknown;
}): string | null {
  return (
    parseRenditions(asset.renditions).thumbnail?.storageKey ??
    (asset.kind === "IMAGE" && asset.status === "READY" ? asset.storageKey : null)
  );
}
