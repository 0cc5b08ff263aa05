import { z } from "zod";
import { type FfmpegBinaries, runTool, undecodable } from "./ffmpeg";

/** What the processing needs to know about a video, from ffprobe. */
export type VideoProbe = {
  formatName: string;
  durationMs: number;
  /** As stored, before rotation. */
  codedWidth: number;
  codedHeight: number;
  /** As displayed: rotation applied. */
  width: number;
  height: number;
  /** Degrees clockwise, normalised to 0, 90, 180 or 270. */
  rotation: number;
  videoCodec: string;
  profile: string | null;
  pixelFormat: string | null;
  fps: number | null;
  audioCodec: string | null;
};

const streamSchema = z.looseObject({
  codec_type: z.string().optional(),
  codec_name: z.string().optional(),
  profile: z.string().optional(),
  pix_fmt: z.string().optional(),
  width: z.number().optional(),
  height: z.number().optional(),
  avg_frame_rate: z.string().optional(),
  duration: z.string().optional(),
  tags: z.record(z.string(), z.string()).optional(),
  side_data_list: z.array(z.looseObject({ rotation: z.number().optional() })).optional(),
  disposition: z.looseObject({ attached_pic: z.number().optional() }).optional(),
});

const probeSchema = z.object({
  streams: z.array(streamSchema).default([]),
  format: z.looseObject({ format_name: z.string().optional(), duration: z.string().optional() }).optional(),
});

function frameRate(value: string | undefined): number | null {
  const [num, den] = (value ?? "").split("/").map(Number);
  if (!num || !den) return null;
  return num / den;
}

function rotationOf(stream: z.infer<typeof streamSchema>): number {
  // Older muxers write a "rotate" tag (clockwise); newer ffprobe reports a display matrix
  // rotation (counter-clockwise, so negated).
  const tag = Number(stream.tags?.rotate ?? Number.NaN);
  const matrix = stream.side_data_list?.find((entry) => entry.rotation !== undefined)?.rotation;
  const degrees = Number.isFinite(tag) ? tag : matrix !== undefined ? -matrix : 0;
  return (((Math.round(degrees / 90) * 90) % 360) + 360) % 360;
}

/**
 * Reads `ffprobe -print_format json -show_format -show_streams` output. Throws INVALID_INPUT
 * (a message for the uploader) when there is no video stream or no duration: nothing we could
 * publish as a story.
 */
export function parseProbe(json: string): VideoProbe {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw undecodable("video", "ffprobe gave no readable answer");
  }
  const parsed = probeSchema.safeParse(raw);
  if (!parsed.success) throw undecodable("video", "ffprobe's answer was not understood");
  const { streams, format } = parsed.data;
  const video = streams.find((s) => s.codec_type === "video" && !s.disposition?.attached_pic);
  if (!video?.codec_name || !video.width || !video.height)
    throw undecodable("video", "it has no video track");
  const audio = streams.find((s) => s.codec_type === "audio");
  const seconds = Number(format?.duration ?? video.duration ?? Number.NaN);
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw undecodable("video", "its length cannot be determined");
  const rotation = rotationOf(video);
  const turned = rotation === 90 || rotation === 270;
  return {
    formatName: format?.format_name ?? "",
    durationMs: Math.round(seconds * 1000),
    codedWidth: video.width,
    codedHeight: video.height,
    width: turned ? video.height : video.width,
    height: turned ? video.width : video.height,
    rotation,
    videoCodec: video.codec_name,
    profile: video.profile ?? null,
    pixelFormat: video.pix_fmt ?? null,
    fps: frameRate(video.avg_frame_rate),
    audioCodec: audio?.codec_name ?? null,
  };
}

/** Probes a local video file; INVALID_INPUT when ffprobe cannot read it. */
export async function probeVideo(
  binaries: FfmpegBinaries,
  path: string,
  options: { signal?: AbortSignal } = {},
): Promise<VideoProbe> {
  let json: string;
  try {
    json = await runTool(
      binaries.ffprobe,
      ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", path],
      { timeoutMs: 30_000, signal: options.signal },
    );
  } catch (error) {
    if (options.signal?.aborted) throw error;
    const detail = error instanceof Error && "stderrTail" in error ? String(error.stderrTail).trim() : "";
    throw undecodable("video", detail.split("\n").pop()?.slice(0, 200) || "ffprobe could not read it");
  }
  return parseProbe(json);
}
