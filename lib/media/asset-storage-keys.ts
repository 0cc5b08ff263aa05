import { parseRenditions } from "./renditions";

/** Every stored file of an asset: the platform-ready rendition, the original upload, the thumbnail and earlier framings. */
export function assetStorageKeys(asset: { storageKey: string; renditions: unknown }): string[] {
  const { original, thumbnail, superseded = [] } = parseRenditions(asset.renditions);
  return [asset.storageKey, original?.storageKey, thumbnail?.storageKey, ...superseded].filter(
    (key): key is string => typeof key === "string",
  );
}
