/**
 * Reads the display size and duration of an MP4/MOV from its own boxes (ISO/IEC 14496-12):
 * `moov/mvhd` for the duration, the video track's `tkhd` for width, height and rotation. No
 * decoding and no ffprobe: enough for the publish engine to check a story's limits now; the
 * media library will probe properly later.
 */
export type Mp4Info =
  | { ok: true; widthPx: number; heightPx: number; durationMs: number }
  | { ok: false; problem: string };

interface Box {
  type: string;
  /** Where the payload starts (after size, type and any 64-bit size). */
  body: number;
  end: number;
}

function fourCc(view: DataView, offset: number): string {
  return String.fromCharCode(
    view.getUint8(offset),
    view.getUint8(offset + 1),
    view.getUint8(offset + 2),
    view.getUint8(offset + 3),
  );
}

/** The boxes between `start` and `end`; stops at the first one that does not fit (a truncated file). */
function boxes(view: DataView, start: number, end: number): Box[] {
  const found: Box[] = [];
  let offset = start;
  while (offset + 8 <= end) {
    let size = view.getUint32(offset);
    let body = offset + 8;
    if (size === 1) {
      if (offset + 16 > end) break;
      size = Number(view.getBigUint64(offset + 8));
      body = offset + 16;
    } else if (size === 0) {
      size = end - offset; // "extends to the end of the file"
    }
    if (size < body - offset || offset + size > end) break;
    found.push({ type: fourCc(view, offset + 4), body, end: offset + size });
    offset += size;
  }
  return found;
}

function child(view: DataView, parent: Box, type: string): Box | undefined {
  return boxes(view, parent.body, parent.end).find((box) => box.type === type);
}

function fits(box: Box, offset: number, length: number): boolean {
  return offset + length <= box.end;
}

function readDuration(view: DataView, mvhd: Box): { timescale: number; duration: number } | null {
  if (!fits(mvhd, mvhd.body, 4)) return null;
  const version = view.getUint8(mvhd.body);
  if (version === 1) {
    if (!fits(mvhd, mvhd.body, 32)) return null;
    return { timescale: view.getUint32(mvhd.body + 20), duration: Number(view.getBigUint64(mvhd.body + 24)) };
  }
  if (!fits(mvhd, mvhd.body, 20)) return null;
  return { timescale: view.getUint32(mvhd.body + 12), duration: view.getUint32(mvhd.body + 16) };
}

/** Display size of a track: tkhd's 16.16 width/height, swapped when the matrix turns it by 90°. */
function readTrackSize(view: DataView, tkhd: Box): { width: number; height: number } | null {
  if (!fits(tkhd, tkhd.body, 4)) return null;
  const version = view.getUint8(tkhd.body);
  const matrix = tkhd.body + (version === 1 ? 52 : 40);
  const size = matrix + 36;
  if (!fits(tkhd, size, 8)) return null;
  const width = Math.round(view.getUint32(size) / 65_536);
  const height = Math.round(view.getUint32(size + 4) / 65_536);
  // Phones record portrait video as landscape frames plus a rotation in the matrix; a story
  // checks the size the viewer sees, so a 1920x1080 frame turned by 90° counts as 1080x1920.
  const a = view.getInt32(matrix);
  const d = view.getInt32(matrix + 16);
  const quarterTurn = a === 0 && d === 0;
  return quarterTurn ? { width: height, height: width } : { width, height };
}

function handlerOf(view: DataView, trak: Box): string | null {
  const mdia = child(view, trak, "mdia");
  const hdlr = mdia && child(view, mdia, "hdlr");
  if (!hdlr || !fits(hdlr, hdlr.body, 12)) return null;
  return fourCc(view, hdlr.body + 8);
}

export function readMp4Info(bytes: Uint8Array): Mp4Info {
  try {
    return readInfo(bytes);
  } catch {
    // Every read is bounds-checked; this is the net under a crafted file, which must be refused, not crash.
    return { ok: false, problem: "its boxes are malformed" };
  }
}

function readInfo(bytes: Uint8Array): Mp4Info {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const moov = boxes(view, 0, bytes.byteLength).find((box) => box.type === "moov");
  if (!moov) {
    return { ok: false, problem: "it has no moov box (an incomplete upload, or a live-stream fragment)" };
  }
  const mvhd = child(view, moov, "mvhd");
  const timing = mvhd && readDuration(view, mvhd);
  if (!timing || timing.timescale === 0 || timing.duration === 0) {
    return { ok: false, problem: "its duration cannot be read (mvhd box missing or empty)" };
  }
  const video = boxes(view, moov.body, moov.end)
    .filter((box) => box.type === "trak")
    .find((trak) => handlerOf(view, trak) === "vide");
  if (!video) return { ok: false, problem: "it has no video track" };
  const tkhd = child(view, video, "tkhd");
  const size = tkhd && readTrackSize(view, tkhd);
  if (!size || size.width === 0 || size.height === 0) {
    return { ok: false, problem: "its picture size cannot be read (tkhd box missing or empty)" };
  }
  return {
    ok: true,
    widthPx: size.width,
    heightPx: size.height,
    durationMs: Math.round((timing.duration * 1000) / timing.timescale),
  };
}
