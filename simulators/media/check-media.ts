import { imageSize } from "image-size";
import type { FetchedMedia } from "./fetch-media";
import { readMp4Info } from "./mp4-info";
import type { MediaType } from "./sniff-media-type";

/** A spec the media broke, in neutral terms; each platform turns it into its own error. */
export interface MediaViolation {
  kind:
    | "image_format"
    | "image_too_large"
    | "image_aspect"
    | "video_format"
    | "video_too_large"
    | "video_duration"
    | "video_dimensions"
    | "video_fps"
    | "video_codec";
  detail: string;
  ratio?: number;
}

export interface MediaFacts {
  width: number;
  height: number;
  durationSeconds: number | null;
}

export type MediaCheck = { ok: true; facts: MediaFacts } | { ok: false; violation: MediaViolation };

export interface ImageSpec {
  types: readonly MediaType[];
  maxBytes: number;
  aspect: { min: number; max: number } | null;
}

export interface VideoSpec {
  maxBytes: number;
  minSeconds: number;
  maxSeconds: number;
  maxWidth?: number;
  minWidth?: number;
  minHeight?: number;
  aspect?: { min: number; max: number } | null;
  minFps: number;
  maxFps: number;
  requireFaststart: boolean;
}

const VIDEO_CODECS = new Set(["avc1", "avc3", "hvc1", "hev1"]);
const AUDIO_CODECS = new Set(["mp4a"]);

const fail = (kind: MediaViolation["kind"], detail: string, ratio?: number): MediaCheck => ({
  ok: false,
  violation: { kind, detail, ratio },
});

export function checkImage(media: FetchedMedia, spec: ImageSpec): MediaCheck {
  if (!spec.types.includes(media.type)) {
    return fail("image_format", `got ${media.type}, accepted: ${spec.types.join(", ")}`);
  }
  if (media.bytes.byteLength > spec.maxBytes) {
    return fail("image_too_large", `${media.bytes.byteLength} bytes, limit ${spec.maxBytes}`);
  }
  let width: number;
  let height: number;
  try {
    ({ width, height } = imageSize(media.bytes));
  } catch {
    return fail("image_format", "the image header cannot be read");
  }
  if (!width || !height) return fail("image_format", "the image has no dimensions");
  const ratio = width / height;
  if (spec.aspect && (ratio < spec.aspect.min || ratio > spec.aspect.max)) {
    return fail("image_aspect", `${width}x${height}`, ratio);
  }
  return { ok: true, facts: { width, height, durationSeconds: null } };
}

export function checkVideo(media: FetchedMedia, spec: VideoSpec): MediaCheck {
  if (media.type !== "mp4" && media.type !== "mov")
    return fail("video_format", `got ${media.type}, not MP4/MOV`);
  if (media.bytes.byteLength > spec.maxBytes) {
    return fail("video_too_large", `${media.bytes.byteLength} bytes, limit ${spec.maxBytes}`);
  }
  const info = readMp4Info(media.bytes);
  if (!info) return fail("video_format", "no readable moov/mvhd box");
  if (spec.requireFaststart && !info.faststart)
    return fail("video_format", "the moov atom must come before mdat");
  const seconds = info.durationSeconds;
  if (seconds < spec.minSeconds || seconds > spec.maxSeconds) {
    return fail("video_duration", `${seconds.toFixed(2)} s, allowed ${spec.minSeconds}–${spec.maxSeconds} s`);
  }
  const video = info.tracks.find((track) => track.handler === "vide");
  if (!video) return fail("video_format", "no video track");
  if (!video.codec || !VIDEO_CODECS.has(video.codec)) {
    return fail("video_codec", `video codec ${video.codec ?? "unknown"}, expected H.264 or HEVC`);
  }
  const audio = info.tracks.find((track) => track.handler === "soun");
  if (audio && (!audio.codec || !AUDIO_CODECS.has(audio.codec))) {
    return fail("video_codec", `audio codec ${audio.codec ?? "unknown"}, expected AAC`);
  }
  const { width, height } = video;
  if (spec.maxWidth !== undefined && width > spec.maxWidth) {
    return fail("video_dimensions", `${width} px wide, limit ${spec.maxWidth}`);
  }
  if (
    (spec.minWidth !== undefined && width < spec.minWidth) ||
    (spec.minHeight !== undefined && height < spec.minHeight)
  ) {
    return fail(
      "video_dimensions",
      `${width}x${height}, at least ${spec.minWidth}x${spec.minHeight} required`,
    );
  }
  if (spec.aspect && height > 0) {
    const ratio = width / height;
    if (ratio < spec.aspect.min || ratio > spec.aspect.max) {
      return fail("video_dimensions", `aspect ${width}x${height} is not 9:16`, ratio);
    }
  }
  if (video.fps !== null && (video.fps < spec.minFps - 0.01 || video.fps > spec.maxFps + 0.01)) {
    return fail("video_fps", `${video.fps.toFixed(2)} fps, allowed ${spec.minFps}–${spec.maxFps}`);
  }
  return { ok: true, facts: { width, height, durationSeconds: seconds } };
}
