import { crc32, deflateSync } from "node:zlib";

/**
 * Small, well-formed media files built byte by byte, for tests: a baseline JPEG a decoder can
 * show (a flat grey), a PNG with real checksums, and an MP4 whose boxes carry the size, rotation
 * and duration asked for. Test-only; nothing in the app imports this.
 */

function u16(value: number): Buffer {
  const buffer = Buffer.alloc(2);
  buffer.writeUInt16BE(value);
  return buffer;
}

function u32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32BE(value >>> 0);
  return buffer;
}

function i32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeInt32BE(value);
  return buffer;
}

function segment(marker: number, payload: Buffer): Buffer {
  return Buffer.concat([Buffer.from([0xff, marker]), u16(payload.length + 2), payload]);
}

/** An EXIF APP1 payload holding only the orientation tag. */
function exifOrientation(orientation: number): Buffer {
  const tiff = Buffer.concat([
    Buffer.from("MM\0*", "latin1"),
    u32(8), // first IFD right after the header
    u16(1), // one entry
    u16(0x0112),
    u16(3), // SHORT
    u32(1),
    u16(orientation),
    u16(0),
    u32(0), // no next IFD
  ]);
  return Buffer.concat([Buffer.from("Exif\0\0", "latin1"), tiff]);
}

/**
 * A greyscale baseline JPEG of `width`×`height`. Every 8×8 block has only a zero DC difference
 * and end-of-block, each coded with a one-symbol Huffman table as the single bit "0": two bits
 * per block, so even 1080×1920 stays a few kilobytes.
 */
export function jpeg(width = 16, height = 16, options: { orientation?: number } = {}): Buffer {
  const blocks = Math.ceil(width / 8) * Math.ceil(height / 8);
  const scan = Buffer.alloc(Math.ceil((blocks * 2) / 8));
  const usedBits = (blocks * 2) % 8;
  // Pad the last byte with 1-bits, as the standard asks.
  if (usedBits > 0) scan[scan.length - 1] = 0xff >> usedBits;
  const oneSymbolTable = (tableClassAndId: number) =>
    Buffer.concat([Buffer.from([tableClassAndId, 1]), Buffer.alloc(15), Buffer.from([0])]);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    ...(options.orientation ? [segment(0xe1, exifOrientation(options.orientation))] : []),
    segment(0xdb, Buffer.concat([Buffer.from([0]), Buffer.alloc(64, 1)])), // quantisation table 0, all ones
    segment(0xc0, Buffer.concat([Buffer.from([8]), u16(height), u16(width), Buffer.from([1, 1, 0x11, 0])])),
    segment(0xc4, oneSymbolTable(0x00)), // DC table 0: category 0
    segment(0xc4, oneSymbolTable(0x10)), // AC table 0: end of block
    segment(0xda, Buffer.from([1, 1, 0x00, 0, 63, 0])),
    scan,
    Buffer.from([0xff, 0xd9]),
  ]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const typed = Buffer.concat([Buffer.from(type, "latin1"), data]);
  return Buffer.concat([u32(data.length), typed, u32(crc32(typed))]);
}

/** A greyscale 8-bit PNG of `width`×`height`, all black. */
export function png(width = 16, height = 16): Buffer {
  const header = Buffer.concat([u32(width), u32(height), Buffer.from([8, 0, 0, 0, 0])]);
  const rows = Buffer.alloc((width + 1) * height); // filter byte 0 and black pixels on every row
  return Buffer.concat([
    Buffer.from("\x89PNG\r\n\x1a\n", "latin1"),
    pngChunk("IHDR", header),
    pngChunk("IDAT", deflateSync(rows)),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

function box(type: string, ...payload: Buffer[]): Buffer {
  const body = Buffer.concat(payload);
  return Buffer.concat([u32(body.length + 8), Buffer.from(type, "latin1"), body]);
}

const FIXED_ONE = 0x10000;

function matrix(rotation: 0 | 90): Buffer {
  const [a, b, c, d] = rotation === 90 ? [0, FIXED_ONE, -FIXED_ONE, 0] : [FIXED_ONE, 0, 0, FIXED_ONE];
  return Buffer.concat([i32(a), i32(b), i32(0), i32(c), i32(d), i32(0), i32(0), i32(0), i32(0x40000000)]);
}

export type Mp4Options = {
  width?: number;
  height?: number;
  durationMs?: number;
  /** The major brand; "qt  " makes a QuickTime MOV. */
  brand?: string;
  compatibleBrands?: string[];
  /** A rotation in the track matrix, as phones write for portrait video. */
  rotation?: 0 | 90;
  /** "soun" makes an audio-only file. */
  handler?: string;
  /** moov after mdat, as a camera writes before "faststart" moves it. */
  moovLast?: boolean;
};

/** An MP4 with ftyp, moov (mvhd, one trak with tkhd and mdia/hdlr) and a small mdat. */
export function mp4(options: Mp4Options = {}): Buffer {
  const { width = 720, height = 1280, durationMs = 5000, rotation = 0, handler = "vide" } = options;
  const timescale = 1000;
  const mvhd = box(
    "mvhd",
    u32(0), // version 0, flags
    u32(0),
    u32(0), // creation, modification
    u32(timescale),
    u32(durationMs),
    u32(FIXED_ONE), // rate 1.0
    u16(0x0100), // volume 1.0
    Buffer.alloc(10),
    matrix(0),
    Buffer.alloc(24), // pre_defined
    u32(2), // next track id
  );
  const tkhd = box(
    "tkhd",
    u32(3), // version 0, flags: enabled, in movie
    u32(0),
    u32(0),
    u32(1), // track id
    u32(0),
    u32(durationMs),
    Buffer.alloc(8),
    u16(0), // layer
    u16(0), // alternate group
    u16(0), // volume
    u16(0),
    matrix(rotation),
    u32(width * FIXED_ONE),
    u32(height * FIXED_ONE),
  );
  const hdlr = box(
    "hdlr",
    u32(0),
    u32(0),
    Buffer.from(handler, "latin1"),
    Buffer.alloc(12),
    Buffer.from("\0"),
  );
  const moov = box("moov", mvhd, box("trak", tkhd, box("mdia", hdlr)));
  const ftyp = box(
    "ftyp",
    Buffer.from(options.brand ?? "isom", "latin1"),
    u32(512),
    ...(options.compatibleBrands ?? ["isom", "iso2", "avc1", "mp41"]).map((brand) =>
      Buffer.from(brand, "latin1"),
    ),
  );
  const mdat = box("mdat", Buffer.alloc(64, 0x42));
  return Buffer.concat(options.moovLast ? [ftyp, mdat, moov] : [ftyp, moov, mdat]);
}
