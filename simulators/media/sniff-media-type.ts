/**
 * Media type from the bytes, never from the name or the Content-Type header: the platforms
 * decode what they download, so a PNG served as image/jpeg is still a PNG to them.
 */
export type MediaType = "jpeg" | "png" | "gif" | "bmp" | "tiff" | "webp" | "heic" | "mp4" | "mov" | "unknown";

const MIME: Record<MediaType, string> = {
  jpeg: "image/jpeg",
  png: "image/png",
  gif: "image/gif",
  bmp: "image/bmp",
  tiff: "image/tiff",
  webp: "image/webp",
  heic: "image/heic",
  mp4: "video/mp4",
  mov: "video/quicktime",
  unknown: "application/octet-stream",
};

export function mimeOf(type: MediaType): string {
  return MIME[type];
}

export function isVideoType(type: MediaType): boolean {
  return type === "mp4" || type === "mov";
}

function ascii(bytes: Uint8Array, start: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(start, start + length));
}

export function sniffMediaType(bytes: Uint8Array): MediaType {
  if (bytes.length < 12) return "unknown";
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "jpeg";
  if (ascii(bytes, 0, 8) === "\x89PNG\r\n\x1a\n") return "png";
  if (ascii(bytes, 0, 6) === "GIF87a" || ascii(bytes, 0, 6) === "GIF89a") return "gif";
  if (ascii(bytes, 0, 2) === "BM") return "bmp";
  if (ascii(bytes, 0, 4) === "II*\0" || ascii(bytes, 0, 4) === "MM\0*") return "tiff";
  if (ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 4) === "WEBP") return "webp";
  const boxType = ascii(bytes, 4, 4);
  if (boxType === "ftyp") {
    const brand = ascii(bytes, 8, 4);
    if (brand === "heic" || brand === "heix" || brand === "mif1" || brand === "msf1") return "heic";
    if (brand === "qt  ") return "mov";
    return "mp4";
  }
  // QuickTime files may start without ftyp.
  if (boxType === "moov" || boxType === "wide" || boxType === "mdat" || boxType === "free") return "mov";
  return "unknown";
}
