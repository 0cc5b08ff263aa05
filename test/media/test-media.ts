import { join } from "node:path";
import sharp from "sharp";
import { type FfmpegBinaries, resolveFfmpegBinaries, runTool } from "@/lib/media/ffmpeg";

/**
 * Real photos and videos made on the fly for tests and the benchmark (no large fixtures in the
 * repository): sharp draws pictures, ffmpeg's lavfi test sources make video. Test-only.
 */

export const testBinaries = (): Promise<FfmpegBinaries> => resolveFfmpegBinaries({});

/**
 * A JPEG whose left half is white and right half black (so a crop's position shows in its
 * pixels), optionally with an EXIF orientation tag.
 */
export async function halvesJpeg(width: number, height: number, options: { orientation?: number } = {}) {
  const half = Math.floor(width / 2);
  const image = sharp({ create: { width, height, channels: 3, background: "#000000" } }).composite([
    {
      input: { create: { width: half, height, channels: 3, background: "#ffffff" } },
      left: 0,
      top: 0,
    },
  ]);
  const jpeg = await image.jpeg({ quality: 90 }).toBuffer();
  return options.orientation
    ? sharp(jpeg).withMetadata({ orientation: options.orientation }).jpeg().toBuffer()
    : jpeg;
}

/** A noisy photo-like JPEG (random pixels compress like a real photo, unlike a flat colour). */
export async function noisyJpeg(width: number, height: number): Promise<Buffer> {
  return sharp({
    create: {
      width,
      height,
      channels: 3,
      background: "#808080",
      noise: { type: "gaussian", mean: 128, sigma: 40 },
    },
  })
    .jpeg({ quality: 90 })
    .toBuffer();
}

export async function solidPng(width: number, height: number, colour: string): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: colour } })
    .png()
    .toBuffer();
}

/**
 * A test-pattern video with a tone, written to `directory`. `codec` picks a file the pipeline
 * must transcode (mpeg4 + mp3) or one it may pass through (h264 + aac).
 */
export async function testVideo(
  directory: string,
  options: {
    width: number;
    height: number;
    seconds: number;
    codec: "mpeg4" | "h264";
    rate?: number;
    name?: string;
    /** Display rotation in degrees, stored as metadata (as phones do) rather than in the pixels. */
    rotate?: number;
  },
): Promise<string> {
  const binaries = await testBinaries();
  const path = join(
    directory,
    options.name ?? `test-${options.codec}-${options.width}x${options.height}.mp4`,
  );
  const rate = options.rate ?? 25;
  const codecs =
    options.codec === "h264"
      ? ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac"]
      : ["-c:v", "mpeg4", "-c:a", "libmp3lame"];
  await runTool(
    binaries.ffmpeg,
    [
      "-v",
      "error",
      "-y",
      "-f",
      "lavfi",
      "-i",
      `testsrc=size=${options.width}x${options.height}:rate=${rate}:duration=${options.seconds}`,
      "-f",
      "lavfi",
      "-i",
      `sine=frequency=440:duration=${options.seconds}`,
      ...codecs,
      "-shortest",
      options.rotate ? `${path}.upright.mp4` : path,
    ],
    { timeoutMs: 600_000 },
  );
  if (options.rotate) {
    // This ffmpeg drops a rotate tag while encoding; stream-copying keeps it (as a display matrix).
    await runTool(
      binaries.ffmpeg,
      [
        "-v",
        "error",
        "-y",
        "-i",
        `${path}.upright.mp4`,
        "-c",
        "copy",
        "-metadata:s:v:0",
        `rotate=${options.rotate}`,
        path,
      ],
      { timeoutMs: 60_000 },
    );
  }
  return path;
}
