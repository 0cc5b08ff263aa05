import { z } from "zod";

/** One stored file derived from (or kept for) a MediaAsset. */
export const renditionFileSchema = z.object({
  storageKey: z.string().min(1),
  mimeType: z.string().min(1),
  width: z.number().int().positive().nullable(),
  height: z.number().int().positive().nullable(),
  sizeBytes: z.number().int().nonnegative(),
});
export type RenditionFile = z.infer<typeof renditionFileSchema>;

/**
 * `MediaAsset.renditions`. The asset's own `storageKey` is the platform-ready file (what the
 * publishers fetch); `original` is the upload as received (kept so the asset can be processed
 * again with other choices) and `thumbnail` a small JPEG for the library. While the asset is
 * PROCESSING only `original` exists; assets from before processing existed have neither.
 */
export const mediaRenditionsSchema = z.object({
  original: renditionFileSchema.optional(),
  thumbnail: renditionFileSchema.optional(),
  /**
   * How many times the asset was reframed after upload (absent = never). Each framing writes its
   * files under new keys, so a thumbnail URL changes with the picture (browsers cache them until
   * their signature expires) and a publish already under way keeps fetching the file it was given.
   */
  revision: z.number().int().positive().optional(),
  /** Storage keys of earlier framings' files, kept for a publish under way and removed with the asset. */
  superseded: z.array(z.string().min(1)).optional(),
  /**
   * While a new framing renders: the framing the current rendition was made with. If rendering
   * fails, the asset goes back to it (still Ready, with its rendition) instead of becoming Failed.
   */
  reframedFrom: z
    .object({ fit: z.enum(["COVER", "CONTAIN_BLUR"]), focalX: z.number(), focalY: z.number() })
    .optional(),
});
export type MediaRenditions = z.infer<typeof mediaRenditionsSchema>;

/** Reads the JSON column; an unreadable value counts as "no renditions" rather than breaking a page. */
export function parseRenditions(value: unknown): MediaRenditions {
  const parsed = mediaRenditionsSchema.safeParse(value);
  return parsed.success ? parsed.data : {};
}
