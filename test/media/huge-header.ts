import { crc32 } from "node:zlib";
import { jpeg, mp4, png } from "@/test/media/media-fixtures";

/**
 * Tiny files whose headers claim an enormous picture: the bytes of a 16×16 image with the size
 * fields rewritten. Everything that reads headers (image-size, a browser's preview, sharp's
 * metadata) sees the claimed size; decoding would need gigabytes.
 */

/** A baseline JPEG whose frame header (SOF0) says `width`×`height`. */
export function jpegClaiming(width: number, height: number): Buffer {
  const bytes = jpeg({ width: 16, height: 16 });
  const frame = bytes.indexOf(Buffer.from([0xff, 0xc0]));
  bytes.writeUInt16BE(height, frame + 5);
  bytes.writeUInt16BE(width, frame + 7);
  return bytes;
}

/** A PNG whose IHDR says `width`×`height`, its checksum recomputed so the chunk is valid. */
export function pngClaiming(width: number, height: number): Buffer {
  const bytes = png({ width: 16, height: 16 });
  // Signature (8), IHDR length (4), "IHDR" at 12, its 13 data bytes at 16, CRC at 29.
  bytes.writeUInt32BE(width, 16);
  bytes.writeUInt32BE(height, 20);
  bytes.writeUInt32BE(crc32(bytes.subarray(12, 29)), 29);
  return bytes;
}

/** An MP4 whose track header says `width`×`height` and whose movie header says `durationSeconds`. */
export function mp4Claiming(options: { width?: number; height?: number; durationSeconds?: number }): Buffer {
  return mp4(options);
}
