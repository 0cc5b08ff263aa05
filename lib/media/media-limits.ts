import { AppError } from "@/lib/errors";

/**
 * The largest picture processing decodes: sharp's `limitInputPixels` in image-rendition.ts. A
 * few-kilobyte file can claim billions of pixels, and decoding it would take gigabytes; uploads
 * check the size their header claims against this same number, so a file processing would
 * refuse is refused at upload instead, before anything is stored.
 */
export const MAX_INPUT_PIXELS = 100_000_000;

/**
 * The longest video accepted. Stories take 60 s a frame, and encoding is time-bounded by the
 * clip's length (10×), so a header claiming days would hold a worker for as long. Four hours is
 * far beyond any story source and far below what an absurd header says.
 */
export const MAX_VIDEO_DURATION_MS = 4 * 3_600_000;

/** 900000000 → "900 megapixels"; just over the limit keeps the digits that show it is over. */
function megapixels(pixels: number): string {
  let digits = 1;
  while (
    digits < 6 &&
    pixels > MAX_INPUT_PIXELS &&
    Number((pixels / 1e6).toFixed(digits)) * 1e6 <= MAX_INPUT_PIXELS
  )
    digits++;
  return `${Number((pixels / 1e6).toFixed(digits))} megapixels`;
}

function refuse(message: string): AppError {
  return new AppError("INVALID_INPUT", message, { fields: { file: message } });
}

/**
 * Throws INVALID_INPUT, naming the limit, for a picture or video frame over MAX_INPUT_PIXELS or
 * a video over MAX_VIDEO_DURATION_MS. Called with the sizes from the file's header at upload and
 * with ffprobe's at processing.
 */
export function assertWithinMediaLimits(media: {
  kind: "IMAGE" | "VIDEO";
  width: number;
  height: number;
  durationMs: number | null;
}): void {
  const pixels = media.width * media.height;
  const size = `${media.width} × ${media.height} px (${megapixels(pixels)})`;
  if (media.kind === "IMAGE" && pixels > MAX_INPUT_PIXELS)
    throw refuse(
      `This image is ${size}; images can be at most ${megapixels(MAX_INPUT_PIXELS)}. Resize it and upload it again.`,
    );
  if (media.kind === "VIDEO" && pixels > MAX_INPUT_PIXELS)
    throw refuse(
      `This video's picture is ${size}; videos can be at most ${megapixels(MAX_INPUT_PIXELS)} a frame. Export it at a smaller size and upload it again.`,
    );
  if (media.kind === "VIDEO" && media.durationMs !== null && media.durationMs > MAX_VIDEO_DURATION_MS)
    throw refuse(
      `This video is ${hours(media.durationMs)} long; videos can be at most ${hours(MAX_VIDEO_DURATION_MS)}. Trim it and upload it again.`,
    );
}

const hours = (ms: number) => `${Math.round(ms / 360_000) / 10} h`;
