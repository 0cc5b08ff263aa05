import { crc32, deflateSync } from "node:zlib";

/**
 * Small, well-formed media files built byte by byte, for every test that needs a photo or a video
 * (ours and the simulators'): a baseline JPEG a decoder can show (a flat grey), a PNG with real
 * checksums, and an MP4 whose boxes say what the options say (duration, size, rotation, codecs,
 * frame rate, box order). Sizes default to a story's 1080×1920. A `seed` makes otherwise equal files
 * distinct (another sha256) with the same picture; `padTo` grows a JPEG for size limits.
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

export type JpegOptions = {
  width?: number;
  height?: number;
  /** An EXIF orientation tag, as cameras write for a turned picture. */
  orientation?: number;
  /** Grows the file with zero bytes after its end marker to at least this many bytes. */
  padTo?: number;
  /** Written in a comment segment: each seed is a distinct file with the same picture. */
  seed?: number;
};

/**
 * A greyscale baseline JPEG of `width`×`height`. Every 8×8 block has only a zero DC difference
 * and end-of-block, each coded with a one-symbol Huffman table as the single bit "0": two bits
 * per block, so even 1080×1920 stays a few kilobytes.
 */
export function jpeg(options: JpegOptions = {}): Buffer {
  const { width = 1080, height = 1920, orientation, padTo = 0, seed } = options;
  const blocks = Math.ceil(width / 8) * Math.ceil(height / 8);
  const scan = Buffer.alloc(Math.ceil((blocks * 2) / 8));
  const usedBits = (blocks * 2) % 8;
  // Pad the last byte with 1-bits, as the standard asks.
  if (usedBits > 0) scan[scan.length - 1] = 0xff >> usedBits;
  const oneSymbolTable = (tableClassAndId: number) =>
    Buffer.concat([Buffer.from([tableClassAndId, 1]), Buffer.alloc(15), Buffer.from([0])]);
  const file = Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    ...(orientation ? [segment(0xe1, exifOrientation(orientation))] : []),
    ...(seed !== undefined ? [segment(0xfe, Buffer.from(`storyrelay-fixture-${seed}`, "latin1"))] : []),
    segment(0xdb, Buffer.concat([Buffer.from([0]), Buffer.alloc(64, 1)])), // quantisation table 0, all ones
    segment(0xc0, Buffer.concat([Buffer.from([8]), u16(height), u16(width), Buffer.from([1, 1, 0x11, 0])])),
    segment(0xc4, oneSymbolTable(0x00)), // DC table 0: category 0
    segment(0xc4, oneSymbolTable(0x10)), // AC table 0: end of block
    segment(0xda, Buffer.from([1, 1, 0x00, 0, 63, 0])),
    scan,
    Buffer.from([0xff, 0xd9]),
  ]);
  return padTo > file.length ? Buffer.concat([file, Buffer.alloc(padTo - file.length)]) : file;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const typed = Buffer.concat([Buffer.from(type, "latin1"), data]);
  return Buffer.concat([u32(data.length), typed, u32(crc32(typed))]);
}

/** A greyscale 8-bit PNG of `width`×`height`, all black. */
export function png(options: { width?: number; height?: number } = {}): Buffer {
  const { width = 1080, height = 1920 } = options;
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

function track(options: {
  id: number;
  handler: "vide" | "soun";
  codec: string;
  width: number;
  height: number;
  rotation: 0 | 90;
  timescale: number;
  samples: number;
  delta: number;
  movieDuration: number;
}): Buffer {
  const tkhd = box(
    "tkhd",
    u32(3), // version 0, flags: enabled, in movie
    u32(0),
    u32(0), // creation, modification
    u32(options.id),
    u32(0),
    u32(options.movieDuration),
    Buffer.alloc(8),
    u16(0), // layer
    u16(0), // alternate group
    u16(options.handler === "soun" ? 0x0100 : 0), // volume
    u16(0),
    matrix(options.rotation),
    u32(options.width * FIXED_ONE),
    u32(options.height * FIXED_ONE),
  );
  const mdhd = box(
    "mdhd",
    u32(0),
    u32(0),
    u32(0),
    u32(options.timescale),
    u32(options.samples * options.delta),
    u16(0x55c4), // language "und"
    u16(0),
  );
  const hdlr = box(
    "hdlr",
    u32(0),
    u32(0),
    Buffer.from(options.handler, "latin1"),
    Buffer.alloc(12),
    Buffer.from("Handler\0"),
  );
  const stsd = box("stsd", u32(0), u32(1), box(options.codec, Buffer.alloc(8)));
  const stts = box("stts", u32(0), u32(1), u32(options.samples), u32(options.delta));
  return box("trak", tkhd, box("mdia", mdhd, hdlr, box("minf", box("stbl", stsd, stts))));
}

export type Mp4Options = {
  durationSeconds?: number;
  width?: number;
  height?: number;
  /** A rotation in the video track's matrix, as phones write for portrait video. */
  rotation?: 0 | 90;
  fps?: number;
  /** null for a file without a video track (audio only). */
  videoCodec?: string | null;
  /** null for a file without an audio track. */
  audioCodec?: string | null;
  /** The major brand; "qt  " makes a QuickTime MOV. */
  brand?: string;
  compatibleBrands?: string[];
  /** false puts mdat before moov, as a camera writes before "faststart" moves it. */
  faststart?: boolean;
  mdatBytes?: number;
  seed?: number;
};

/** An MP4 with ftyp, moov (mvhd, a video and an audio trak with their codecs and timing) and mdat. */
export function mp4(options: Mp4Options = {}): Buffer {
  const {
    durationSeconds = 10,
    width = 1080,
    height = 1920,
    rotation = 0,
    fps = 30,
    videoCodec = "avc1",
    audioCodec = "mp4a",
    faststart = true,
    mdatBytes = 2048,
    seed = 0,
  } = options;
  const movieTimescale = 1000;
  const movieDuration = Math.round(durationSeconds * movieTimescale);
  const mvhd = box(
    "mvhd",
    u32(0), // version 0, flags
    u32(0),
    u32(0), // creation, modification
    u32(movieTimescale),
    u32(movieDuration),
    u32(FIXED_ONE), // rate 1.0
    u16(0x0100), // volume 1.0
    Buffer.alloc(10),
    matrix(0),
    Buffer.alloc(24), // pre_defined
    u32(3), // next track id
  );
  const tracks: Buffer[] = [];
  if (videoCodec) {
    tracks.push(
      track({
        id: 1,
        handler: "vide",
        codec: videoCodec,
        width,
        height,
        rotation,
        timescale: fps * 1000,
        samples: Math.round(durationSeconds * fps),
        delta: 1000,
        movieDuration,
      }),
    );
  }
  if (audioCodec) {
    tracks.push(
      track({
        id: 2,
        handler: "soun",
        codec: audioCodec,
        width: 0,
        height: 0,
        rotation: 0,
        timescale: 48_000,
        samples: Math.round((durationSeconds * 48_000) / 1024),
        delta: 1024,
        movieDuration,
      }),
    );
  }
  const ftyp = box(
    "ftyp",
    Buffer.from(options.brand ?? "isom", "latin1"),
    u32(0x200),
    ...(options.compatibleBrands ?? ["isom", "iso2", "avc1", "mp41"]).map((brand) =>
      Buffer.from(brand, "latin1"),
    ),
  );
  const moov = box("moov", mvhd, ...tracks);
  const mdat = box("mdat", Buffer.alloc(mdatBytes, seed % 256));
  return Buffer.concat(faststart ? [ftyp, moov, mdat] : [ftyp, mdat, moov]);
}
