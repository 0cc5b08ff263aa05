import { z } from "zod";

/**
 * What the uploader chooses for how the file becomes a story frame. Shared by the upload form,
 * the tus metadata, the REST API and the processing job, so all of them accept the same values.
 */
export const processingOptionsSchema = z.object({
  fit: z.enum(["COVER", "CONTAIN_BLUR"]).default("COVER"),
  focalX: z.coerce.number().min(0, "between 0 and 1").max(1, "between 0 and 1").default(0.5),
  focalY: z.coerce.number().min(0, "between 0 and 1").max(1, "between 0 and 1").default(0.5),
  /** Split a video longer than a story frame allows into parts of at most 60 s. */
  splitVideo: z
    .union([z.boolean(), z.enum(["true", "false", "on", "1", "0"])])
    .default(false)
    .transform((value) => value === true || value === "true" || value === "on" || value === "1"),
});
export type ProcessingOptions = z.output<typeof processingOptionsSchema>;
export type ProcessingOptionsInput = z.input<typeof processingOptionsSchema>;

/** Longest part a split video is cut into: every platform here shows at most 60 s per story frame. */
export const MAX_PART_MS = 60_000;
