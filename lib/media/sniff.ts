import { imageSize } from "image-size";
import { AppError } from "@/lib/errors";
import { assertWithinMediaLimits } from "./media-limits";
import { readMp4Info } from "./mp4-info";

/**
 * What a file is, from its bytes alone. The name and the browser's Content-Type are never asked:
 * the platforms decode what they download, so a PNG called `clip.mp4` is a PNG to them, and an
 * SVG or HTML page must never be served from our origin as if it were media.
 */
export type SniffedMedia = {
  kind: "IMAGE" | "VIDEO";
  mimeType: "image/jpeg" | "image/png" | "video/mp4" | "video/quicktime";
  /** The extension our storage key gets; serving derives the Content-Type from it. */
  extension: "jpg" | "png" | "mp4" | "mov";
  /** As displayed: EXIF orientation and video rotation applied. */
  width: number;
  height: number;
  durationMs: number | null;
};

const ACCEPTED = "Upload a JPEG or PNG image, or an MP4 or MOV video.";

function refuse(reason: string): AppError {
  const message = `This file cannot be used: ${reason}. ${ACCEPTED}`;
  return new AppError("INVALID_INPUT", message, { fields: { file: message } });
}

function ascii(bytes: Uint8Array, start: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(start, start + length));
}

const PNG_SIGNATURE = "\x89PNG\r\n\x1a\n";

/**
 * True when the JPEG's marker segments run, scan by scan, up to an end-of-image marker. A file
 * cut off in transfer passes the header checks (and image-size) but shows grey bands on the
 * platform or is refused by it, so it is refused here instead. Bytes after EOI are tolerated:
 * some cameras append data there.
 */
function jpegReachesEnd(bytes: Uint8Array): boolean {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 2; // after SOI
  let sawScan = false;
  while (offset + 1 < buffer.length) {
    if (buffer[offset] !== 0xff) return false;
    let marker = buffer[offset + 1] ?? 0;
    while (marker === 0xff && offset + 2 < buffer.length) {
      offset++; // fill bytes before a marker
      marker = buffer[offset + 1] ?? 0;
    }
    offset += 2;
    if (marker === 0xd9) return sawScan; // EOI
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) continue; // markers without a length
    if (offset + 2 > buffer.length) return false;
    const length = buffer.readUInt16BE(offset);
    if (length < 2) return false;
    offset += length;
    if (marker !== 0xda) continue;
    // Entropy-coded data after SOS: it runs to the next 0xFF that is neither a stuffed 0xFF00,
    // a restart marker nor a fill byte.
    sawScan = true;
    for (;;) {
      const ff = buffer.indexOf(0xff, offset);
      if (ff === -1 || ff + 1 >= buffer.length) return false;
      const next = buffer[ff + 1] ?? 0;
      if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) {
        offset = ff + 2;
      } else if (next === 0xff) {
        offset = ff + 1;
      } else {
        offset = ff;
        break;
      }
    }
  }
  return false;
}

/** True when the PNG's chunks run intact up to IEND. */
function pngReachesEnd(bytes: Uint8Array): boolean {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 8;
  while (offset + 12 <= bytes.length) {
    const length = view.getUint32(offset);
    if (ascii(bytes, offset + 4, 4) === "IEND") return true;
    offset += 12 + length; // length, type, data, CRC
  }
  return false;
}

function imageDimensions(bytes: Uint8Array, name: string): { width: number; height: number } {
  let size: ReturnType<typeof imageSize>;
  try {
    size = imageSize(bytes);
  } catch {
    throw refuse(`the ${name} header cannot be read`);
  }
  if (!size.width || !size.height) throw refuse(`the ${name} has no width or height`);
  // EXIF orientations 5–8 turn the picture by 90°: the size a viewer sees is the other way round.
  const turned = size.orientation !== undefined && size.orientation >= 5 && size.orientation <= 8;
  return turned ? { width: size.height, height: size.width } : { width: size.width, height: size.height };
}

// Brands seen on MP4 video from cameras, phones, editors and encoders (ffmpeg, Premiere, DaVinci).
const MP4_BRANDS = new Set([
  "isom",
  "iso2",
  "iso3",
  "iso4",
  "iso5",
  "iso6",
  "mp41",
  "mp42",
  "avc1",
  "hvc1",
  "M4V ",
  "M4VH",
  "M4VP",
  "MSNV",
  "dash",
]);
// ISO media that holds still images: HEIC from iPhones, AVIF. Same box structure, not a video.
const IMAGE_BRANDS = new Set([
  "heic",
  "heix",
  "heim",
  "heis",
  "hevc",
  "hevx",
  "mif1",
  "msf1",
  "avif",
  "avis",
]);

/** MP4 or MOV from the ftyp box alone; refuses HEIC/AVIF and other ISO media. */
function isoContainer(bytes: Uint8Array): "mp4" | "mov" {
  const ftypSize = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0);
  if (ftypSize < 16 || ftypSize > bytes.length) throw refuse("the video's ftyp box is cut off");
  const major = ascii(bytes, 8, 4);
  const brands = [major];
  for (let offset = 16; offset + 4 <= ftypSize; offset += 4) brands.push(ascii(bytes, offset, 4));
  let container: "mp4" | "mov";
  if (major === "qt  ") {
    container = "mov";
  } else if (IMAGE_BRANDS.has(major)) {
    throw refuse("HEIC and AVIF images are not supported (export the photo as JPEG)");
  } else if (brands.some((brand) => MP4_BRANDS.has(brand))) {
    container = "mp4";
  } else {
    throw refuse(`it is an ISO media file of type "${major.trim()}", not an MP4 or MOV video`);
  }
  return container;
}

function sniffIsoMedia(bytes: Uint8Array): SniffedMedia {
  const container = isoContainer(bytes);
  const info = readMp4Info(bytes);
  if (!info.ok) throw refuse(`the video cannot be read: ${info.problem}`);
  return {
    kind: "VIDEO",
    mimeType: container === "mov" ? "video/quicktime" : "video/mp4",
    extension: container,
    width: info.widthPx,
    height: info.heightPx,
    durationMs: info.durationMs,
  };
}

/** Names a refused type when we can, so the message says what the file actually is. */
function describeUnsupported(bytes: Uint8Array): string {
  const head = ascii(bytes, 0, 12);
  if (head.startsWith("GIF8")) return "GIF images are not supported";
  if (head.startsWith("RIFF") && head.slice(8) === "WEBP") return "WebP images are not supported";
  if (head.startsWith("%PDF")) return "it is a PDF document";
  const text = Buffer.from(bytes.subarray(0, 4096))
    .toString("latin1")
    .replace(/^\xef\xbb\xbf/, "")
    .toLowerCase();
  // SVG first: an SVG with a script inside would otherwise read as HTML.
  if (text.includes("<svg")) return "SVG images are not supported (they can carry scripts)";
  if (/<!doctype html|<html|<head|<body|<script/.test(text))
    return "it is an HTML page, not an image or video";
  return "its type is not recognised (it is not a JPEG, PNG, MP4 or MOV file)";
}

/**
 * The file's type, display size and duration; throws INVALID_INPUT (naming the problem) for
 * anything else, and for a size or length over the processing limits (lib/media/media-limits.ts),
 * which the header tells long before a decoder would find out.
 */
export function sniffMedia(bytes: Uint8Array): SniffedMedia {
  const media = sniffType(bytes);
  assertWithinMediaLimits(media);
  return media;
}

function sniffType(bytes: Uint8Array): SniffedMedia {
  if (bytes.length === 0) throw refuse("it is empty");
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    if (!jpegReachesEnd(bytes)) throw refuse("the JPEG is incomplete (it ends before its end marker)");
    return {
      kind: "IMAGE",
      mimeType: "image/jpeg",
      extension: "jpg",
      durationMs: null,
      ...imageDimensions(bytes, "JPEG"),
    };
  }
  if (ascii(bytes, 0, 8) === PNG_SIGNATURE) {
    if (!pngReachesEnd(bytes)) throw refuse("the PNG is incomplete (it ends before its IEND chunk)");
    return {
      kind: "IMAGE",
      mimeType: "image/png",
      extension: "png",
      durationMs: null,
      ...imageDimensions(bytes, "PNG"),
    };
  }
  if (bytes.length >= 16 && ascii(bytes, 4, 4) === "ftyp") return sniffIsoMedia(bytes);
  throw refuse(describeUnsupported(bytes));
}

/** What `sniffMediaHead` can tell from the first bytes of a video: its container, not yet its size. */
export type SniffedVideoHead = Pick<SniffedMedia, "mimeType" | "extension"> & { kind: "VIDEO" };

/**
 * For files too large to read into memory (resumable video uploads): decides MP4/MOV from the
 * ftyp box at the start, leaving size and duration to ffprobe during processing, which also
 * refuses a file that is not really a video. Returns null for anything else (images are small:
 * sniff them whole with `sniffMedia`); throws the same refusals as `sniffMedia` for ISO files
 * that are not video. When the head holds the whole `moov` box (a "faststart" file), its size
 * and length are checked against the limits already; otherwise processing checks ffprobe's.
 */
export function sniffMediaHead(head: Uint8Array): SniffedVideoHead | null {
  if (head.length < 16 || ascii(head, 4, 4) !== "ftyp") return null;
  const container = isoContainer(head);
  const info = readMp4Info(head);
  if (info.ok)
    assertWithinMediaLimits({
      kind: "VIDEO",
      width: info.widthPx,
      height: info.heightPx,
      durationMs: info.durationMs,
    });
  return container === "mov"
    ? { kind: "VIDEO", mimeType: "video/quicktime", extension: "mov" }
    : { kind: "VIDEO", mimeType: "video/mp4", extension: "mp4" };
}
