import type { Sharp } from "sharp";
import { AppError, messageOf } from "@/lib/errors";
import { undecodable } from "./ffmpeg";
import { containBox, coverCrop, type FocalPoint, type Size, STORY_FRAME } from "./fit-geometry";
import { MAX_INPUT_PIXELS } from "./media-limits";

export type EncodedImage = { bytes: Buffer; width: number; height: number };

// libvips is loaded on first use: it costs a process about 30 MB, and most worker processes spend
// their life publishing, never touching an image.
let loaded: Promise<typeof import("sharp")> | undefined;
async function sharpLib() {
  loaded ??= import("sharp");
  return (await loaded).default;
}

const THUMBNAIL: Size = { width: 360, height: 640 };

// Never "warning": phone JPEGs often carry harmless warnings. "truncated" refuses the cut-off
// files that would show grey bands on the platform.
const decodeOptions = { autoOrient: true, failOn: "truncated", limitInputPixels: MAX_INPUT_PIXELS } as const;

function readable(error: unknown): AppError {
  const message = messageOf(error);
  if (/pixel limit/i.test(message))
    return new AppError(
      "INVALID_INPUT",
      `This image is too large to process (over ${MAX_INPUT_PIXELS / 1_000_000} megapixels). Resize it and upload it again.`,
    );
  if (/premature end|truncated|unexpected end/i.test(message))
    return undecodable("image", "the file is incomplete");
  return undecodable("image", message.split("\n")[0]?.slice(0, 160) ?? "unknown error");
}

async function jpeg(pipeline: Sharp, quality = 85): Promise<EncodedImage> {
  const { data, info } = await pipeline
    .toColourspace("srgb")
    .jpeg({ quality, mozjpeg: true })
    .toBuffer({ resolveWithObject: true });
  return { bytes: data, width: info.width, height: info.height };
}

async function cover(input: Buffer, source: Size, focal: FocalPoint): Promise<EncodedImage> {
  const sharp = await sharpLib();
  const crop = coverCrop(source, STORY_FRAME, focal);
  return jpeg(
    sharp(input, decodeOptions)
      .extract(crop)
      .resize(STORY_FRAME.width, STORY_FRAME.height, { fit: "fill" })
      .flatten({ background: "#000000" }),
  );
}

/**
 * The whole picture, centred, on a blurred and darkened copy of itself filling the frame: the
 * usual way to post a landscape photo as a story without black bars. The image is decoded once,
 * at the size it is shown; the background is made from that small copy (it is blurred anyway).
 */
async function containOnBlur(input: Buffer, source: Size): Promise<EncodedImage> {
  const sharp = await sharpLib();
  const box = containBox(source, STORY_FRAME);
  const foreground = await sharp(input, decodeOptions)
    .resize(box.width, box.height, { fit: "fill" })
    .toColourspace("srgb")
    .png({ compressionLevel: 0 })
    .toBuffer();
  const background = sharp(foreground)
    .resize(STORY_FRAME.width, STORY_FRAME.height, { fit: "cover" })
    .flatten({ background: "#000000" })
    .blur(40)
    .modulate({ brightness: 0.6 });
  const composed = await background
    .composite([{ input: foreground, left: box.left, top: box.top }])
    .png({ compressionLevel: 0 })
    .toBuffer();
  return jpeg(sharp(composed));
}

/**
 * The 1080×1920 JPEG a platform gets for an uploaded image: EXIF orientation applied, sRGB,
 * metadata stripped (location and camera details stay private), mozjpeg at quality 85. Throws
 * INVALID_INPUT with a plain reason when the image cannot be decoded.
 */
export async function renderStoryImage(
  input: Buffer,
  options: { fit: "COVER" | "CONTAIN_BLUR"; focal: FocalPoint },
): Promise<EncodedImage> {
  try {
    const sharp = await sharpLib();
    const meta = await sharp(input, decodeOptions).metadata();
    const source = { width: meta.autoOrient.width, height: meta.autoOrient.height };
    return options.fit === "COVER"
      ? await cover(input, source, options.focal)
      : await containOnBlur(input, source);
  } catch (error) {
    throw error instanceof AppError ? error : readable(error);
  }
}

/** A small 9:16 JPEG for the media library grid, from an image that is already 9:16. */
export async function thumbnailOf(storyImage: Buffer): Promise<EncodedImage> {
  try {
    const sharp = await sharpLib();
    return await jpeg(sharp(storyImage, decodeOptions).resize(THUMBNAIL.width, THUMBNAIL.height), 75);
  } catch (error) {
    throw readable(error);
  }
}
