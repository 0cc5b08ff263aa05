/**
 * Hand-built media bytes for tests: just enough structure for the checks the platforms make
 * (magic bytes, JPEG SOF dimensions, PNG IHDR, MP4 boxes), with no image data to decode.
 */

function u16(value: number): Buffer {
  const buffer = Buffer.alloc(2);
  buffer.writeUInt16BE(value);
  return buffer;
}

function u32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32BE(value);
  return buffer;
}

/** A baseline JPEG header (SOI, JFIF APP0, SOF0, EOI) declaring the given size; `padTo` grows the file. */
export function jpeg(
  options: { width?: number; height?: number; padTo?: number; seed?: number } = {},
): Buffer {
  const { width = 1080, height = 1920, padTo = 0, seed = 0 } = options;
  const app0 = Buffer.concat([
    Buffer.from([0xff, 0xe0]),
    u16(16),
    Buffer.from("JFIF\0", "latin1"),
    Buffer.from([1, 1, 0, 0, 1, 0, 1, 0, 0]),
  ]);
  const sof0 = Buffer.concat([
    Buffer.from([0xff, 0xc0]),
    u16(17),
    Buffer.from([8]),
    u16(height),
    u16(width),
    Buffer.from([3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]),
  ]);
  // A comment segment makes each seed a distinct file (distinct sha256) with the same picture.
  const comment = Buffer.from(`storyrelay-fixture-${seed}`, "latin1");
  const com = Buffer.concat([Buffer.from([0xff, 0xfe]), u16(comment.length + 2), comment]);
  const file = Buffer.concat([Buffer.from([0xff, 0xd8]), app0, com, sof0, Buffer.from([0xff, 0xd9])]);
  return padTo > file.length ? Buffer.concat([file, Buffer.alloc(padTo - file.length)]) : file;
}

/** A PNG signature and IHDR chunk declaring the given size. */
export function png(options: { width?: number; height?: number } = {}): Buffer {
  const { width = 1080, height = 1920 } = options;
  const ihdr = Buffer.concat([u32(width), u32(height), Buffer.from([8, 2, 0, 0, 0])]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    u32(13),
    Buffer.from("IHDR", "latin1"),
    ihdr,
    u32(0),
    u32(0),
    Buffer.from("IEND", "latin1"),
    u32(0),
  ]);
}

function box(type: string, ...payload: Buffer[]): Buffer {
  const body = Buffer.concat(payload);
  return Buffer.concat([u32(body.length + 8), Buffer.from(type, "latin1"), body]);
}

const MATRIX = Buffer.concat([
  u32(0x10000),
  u32(0),
  u32(0),
  u32(0),
  u32(0x10000),
  u32(0),
  u32(0),
  u32(0),
  u32(0x40000000),
]);

function track(options: {
  id: number;
  handler: "vide" | "soun";
  codec: string;
  width: number;
  height: number;
  timescale: number;
  samples: number;
  delta: number;
  movieDuration: number;
}): Buffer {
  const tkhd = box(
    "tkhd",
    u32(3), // version 0, flags enabled|in_movie
    u32(0),
    u32(0),
    u32(options.id),
    u32(0),
    u32(options.movieDuration),
    Buffer.alloc(8),
    u16(0),
    u16(0),
    u16(options.handler === "soun" ? 0x0100 : 0),
    u16(0),
    MATRIX,
    u32(options.width * 65_536),
    u32(options.height * 65_536),
  );
  const mdhd = box(
    "mdhd",
    u32(0),
    u32(0),
    u32(0),
    u32(options.timescale),
    u32(options.samples * options.delta),
    u16(0x55c4),
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

export interface Mp4Options {
  durationSeconds?: number;
  width?: number;
  height?: number;
  fps?: number;
  videoCodec?: string;
  /** null for a file without an audio track. */
  audioCodec?: string | null;
  /** false puts mdat before moov (not "faststart"). */
  faststart?: boolean;
  mdatBytes?: number;
  seed?: number;
}

/** An MP4 whose boxes say what the options say: mvhd duration, track sizes, codecs and frame rate. */
export function mp4(options: Mp4Options = {}): Buffer {
  const {
    durationSeconds = 10,
    width = 1080,
    height = 1920,
    fps = 30,
    videoCodec = "avc1",
    audioCodec = "mp4a",
    faststart = true,
    mdatBytes = 2048,
    seed = 0,
  } = options;
  const movieTimescale = 1000;
  const movieDuration = Math.round(durationSeconds * movieTimescale);
  const videoTimescale = fps * 1000;
  const mvhd = box(
    "mvhd",
    u32(0),
    u32(0),
    u32(0),
    u32(movieTimescale),
    u32(movieDuration),
    u32(0x10000),
    u16(0x0100),
    Buffer.alloc(10),
    MATRIX,
    Buffer.alloc(24),
    u32(3),
  );
  const tracks = [
    track({
      id: 1,
      handler: "vide",
      codec: videoCodec,
      width,
      height,
      timescale: videoTimescale,
      samples: Math.round(durationSeconds * fps),
      delta: 1000,
      movieDuration,
    }),
  ];
  if (audioCodec) {
    tracks.push(
      track({
        id: 2,
        handler: "soun",
        codec: audioCodec,
        width: 0,
        height: 0,
        timescale: 48_000,
        samples: Math.round((durationSeconds * 48_000) / 1024),
        delta: 1024,
        movieDuration,
      }),
    );
  }
  const ftyp = box(
    "ftyp",
    Buffer.from("isom", "latin1"),
    u32(0x200),
    Buffer.from("isomiso2avc1mp41", "latin1"),
  );
  const moov = box("moov", mvhd, ...tracks);
  const mdat = box("mdat", Buffer.alloc(mdatBytes, seed % 256));
  return Buffer.concat(faststart ? [ftyp, moov, mdat] : [ftyp, mdat, moov]);
}
