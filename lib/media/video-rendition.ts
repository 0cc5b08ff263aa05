import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { type FfmpegBinaries, runTool } from "./ffmpeg";
import { coverCrop, type FocalPoint, isStoryAspect, type Size, videoFrameSize } from "./fit-geometry";
import type { VideoProbe } from "./probe";

export type VideoFit = "COVER" | "CONTAIN_BLUR";

/**
 * What to do with an uploaded video. "remux" copies the streams into a fresh MP4 with the index
 * at the front (faststart: the platforms' fetchers and players start without reading to the
 * end); "transcode" re-encodes to H.264 High/yuv420p + AAC at a 9:16 size.
 */
export type VideoPlan = { action: "remux" } | { action: "transcode"; frame: Size; reasons: string[] };

const H264_PROFILES = new Set(["Baseline", "Constrained Baseline", "Main", "High"]);

/**
 * Re-encoding costs minutes of CPU and some quality, so it happens only when the file is not
 * already what every platform accepts: H.264 8-bit 4:2:0, AAC or no audio, ≤ 60 fps, upright,
 * 9:16 and at most 1080×1920. Splitting also re-encodes, to place keyframes at the cuts.
 */
export function planVideo(probe: VideoProbe, options: { split: boolean }): VideoPlan {
  const reasons: string[] = [];
  if (probe.videoCodec !== "h264") reasons.push(`video codec ${probe.videoCodec}`);
  else if (probe.profile && !H264_PROFILES.has(probe.profile)) reasons.push(`H.264 profile ${probe.profile}`);
  if (probe.pixelFormat !== "yuv420p" && probe.pixelFormat !== "yuvj420p")
    reasons.push(`pixel format ${probe.pixelFormat ?? "unknown"}`);
  if (probe.audioCodec !== null && probe.audioCodec !== "aac")
    reasons.push(`audio codec ${probe.audioCodec}`);
  if (probe.fps !== null && probe.fps > 60.5) reasons.push(`${Math.round(probe.fps)} fps`);
  if (probe.rotation !== 0) reasons.push(`rotated ${probe.rotation}°`);
  if (!isStoryAspect(probe)) reasons.push(`${probe.width}×${probe.height} is not 9:16`);
  if (probe.width > 1080 || probe.height > 1920) reasons.push(`larger than 1080×1920`);
  if (options.split) reasons.push("split into parts");
  return reasons.length === 0
    ? { action: "remux" }
    : { action: "transcode", frame: videoFrameSize(probe), reasons };
}

/** The ffmpeg filter graph producing `[v]`: the displayed picture fitted into `frame`. */
export function fitFilter(source: Size, frame: Size, fit: VideoFit, focal: FocalPoint): string {
  if (fit === "COVER") {
    const crop = coverCrop(source, frame, focal);
    return `[0:v]crop=${crop.width}:${crop.height}:${crop.left}:${crop.top},scale=${frame.width}:${frame.height},setsar=1,format=yuv420p[v]`;
  }
  const { width, height } = frame;
  return [
    "[0:v]split=2[bgsrc][fgsrc]",
    `[bgsrc]scale=${width}:${height}:force_original_aspect_ratio=increase,crop=${width}:${height},boxblur=20:2,eq=brightness=-0.25[bg]`,
    `[fgsrc]scale=${width}:${height}:force_original_aspect_ratio=decrease[fg]`,
    "[bg][fg]overlay=(W-w)/2:(H-h)/2,setsar=1,format=yuv420p[v]",
  ].join(";");
}

/** Encoding is allowed ten times the clip's length, and at least two minutes, before it is killed. */
export function encodeTimeoutMs(durationMs: number): number {
  return Math.max(120_000, durationMs * 10);
}

export type VideoJob = {
  binaries: FfmpegBinaries;
  input: string;
  output: string;
  probe: VideoProbe;
  fit: VideoFit;
  focal: FocalPoint;
  /** Seconds at which a keyframe must start a new part (split videos). */
  keyframesAt: number[];
  signal?: AbortSignal;
};

/** Writes the platform-ready MP4 for `job.input` to `job.output`. */
export async function renderStoryVideo(job: VideoJob, plan: VideoPlan): Promise<void> {
  const common = ["-hide_banner", "-nostdin", "-y", "-v", "error", "-i", job.input];
  const faststart = ["-movflags", "+faststart", "-f", "mp4", job.output];
  const args =
    plan.action === "remux"
      ? [...common, "-map", "0:v:0", "-map", "0:a:0?", "-c", "copy", ...faststart]
      : [
          ...common,
          "-filter_complex",
          fitFilter(job.probe, plan.frame, job.fit, job.focal),
          "-map",
          "[v]",
          "-map",
          "0:a:0?",
          ...(job.probe.fps !== null && job.probe.fps > 60.5 ? ["-r", "30"] : []),
          "-c:v",
          "libx264",
          "-preset",
          "veryfast",
          "-profile:v",
          "high",
          "-level",
          "4.2",
          "-crf",
          "21",
          "-maxrate",
          "10M",
          "-bufsize",
          "20M",
          ...(job.keyframesAt.length > 0 ? ["-force_key_frames", job.keyframesAt.join(",")] : []),
          "-c:a",
          "aac",
          "-b:a",
          "128k",
          "-ac",
          "2",
          "-ar",
          "48000",
          ...faststart,
        ];
  await runTool(job.binaries.ffmpeg, args, {
    timeoutMs: encodeTimeoutMs(job.probe.durationMs),
    signal: job.signal,
  });
}

/** One frame (a second in, or the middle of a shorter clip) as a JPEG, for the thumbnail. */
export async function grabFrame(
  binaries: FfmpegBinaries,
  input: string,
  durationMs: number,
  signal?: AbortSignal,
): Promise<Buffer> {
  const at = Math.min(1, durationMs / 2000).toFixed(3);
  const output = `${input}.frame.jpg`;
  await runTool(
    binaries.ffmpeg,
    [
      "-hide_banner",
      "-nostdin",
      "-y",
      "-v",
      "error",
      "-ss",
      at,
      "-i",
      input,
      "-frames:v",
      "1",
      "-q:v",
      "3",
      output,
    ],
    { timeoutMs: 60_000, signal },
  );
  return readFile(output);
}

/**
 * Cuts an encoded MP4 at `points` (seconds, where keyframes were forced) without re-encoding,
 * each part a faststart MP4 starting at time zero. Returns the parts' paths in order.
 */
export async function splitVideo(
  binaries: FfmpegBinaries,
  input: string,
  directory: string,
  points: number[],
  durationMs: number,
  signal?: AbortSignal,
): Promise<string[]> {
  const pattern = join(directory, "part-%03d.mp4");
  await runTool(
    binaries.ffmpeg,
    [
      "-hide_banner",
      "-nostdin",
      "-y",
      "-v",
      "error",
      "-i",
      input,
      "-map",
      "0",
      "-c",
      "copy",
      "-f",
      "segment",
      "-segment_times",
      points.join(","),
      "-reset_timestamps",
      "1",
      "-segment_format",
      "mp4",
      "-segment_format_options",
      "movflags=+faststart",
      pattern,
    ],
    { timeoutMs: encodeTimeoutMs(durationMs), signal },
  );
  return Array.from({ length: points.length + 1 }, (_, index) =>
    join(directory, `part-${String(index).padStart(3, "0")}.mp4`),
  );
}
