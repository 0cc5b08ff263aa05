/**
 * Reads what a platform checks in an MP4/MOV from the file's own boxes: duration (mvhd), the
 * order of moov and mdat ("faststart"), and per track the handler, codec, size and frame rate.
 * No decoding: the simulators judge the container's metadata, as the real upload checks do first.
 */
export interface Mp4Track {
  handler: string;
  codec: string | null;
  width: number;
  height: number;
  fps: number | null;
}

export interface Mp4Info {
  durationSeconds: number;
  /** moov comes before mdat, so a player can start before the whole file arrived. */
  faststart: boolean;
  tracks: Mp4Track[];
}

interface Box {
  type: string;
  start: number;
  end: number;
  /** Where the payload starts (after size, type and any 64-bit size). */
  body: number;
}

function readBoxes(view: DataView, start: number, end: number): Box[] {
  const boxes: Box[] = [];
  let offset = start;
  while (offset + 8 <= end) {
    let size = view.getUint32(offset);
    const type = String.fromCharCode(
      view.getUint8(offset + 4),
      view.getUint8(offset + 5),
      view.getUint8(offset + 6),
      view.getUint8(offset + 7),
    );
    let body = offset + 8;
    if (size === 1) {
      if (offset + 16 > end) break;
      size = Number(view.getBigUint64(offset + 8));
      body = offset + 16;
    } else if (size === 0) {
      size = end - offset;
    }
    if (size < body - offset || offset + size > end) break;
    boxes.push({ type, start: offset, end: offset + size, body });
    offset += size;
  }
  return boxes;
}

function child(view: DataView, parent: Box, type: string): Box | undefined {
  return readBoxes(view, parent.body, parent.end).find((box) => box.type === type);
}

function path(view: DataView, parent: Box, types: string[]): Box | undefined {
  let current: Box | undefined = parent;
  for (const type of types) {
    if (!current) return undefined;
    current = child(view, current, type);
  }
  return current;
}

/** Returns { timescale, duration } of an mvhd or mdhd box (both share the layout up to there). */
function timing(view: DataView, box: Box): { timescale: number; duration: number } {
  const version = view.getUint8(box.body);
  if (version === 1) {
    return {
      timescale: view.getUint32(box.body + 20),
      duration: Number(view.getBigUint64(box.body + 24)),
    };
  }
  return { timescale: view.getUint32(box.body + 12), duration: view.getUint32(box.body + 16) };
}

function readTrack(view: DataView, trak: Box): Mp4Track {
  const track: Mp4Track = { handler: "", codec: null, width: 0, height: 0, fps: null };
  const tkhd = child(view, trak, "tkhd");
  if (tkhd) {
    // width/height are 16.16 fixed point, the last two fields of tkhd.
    const version = view.getUint8(tkhd.body);
    const sizeOffset = tkhd.body + (version === 1 ? 88 : 76);
    if (sizeOffset + 8 <= tkhd.end) {
      track.width = view.getUint32(sizeOffset) / 65_536;
      track.height = view.getUint32(sizeOffset + 4) / 65_536;
    }
  }
  const mdia = child(view, trak, "mdia");
  if (!mdia) return track;
  const hdlr = child(view, mdia, "hdlr");
  if (hdlr && hdlr.body + 12 <= hdlr.end) {
    track.handler = String.fromCharCode(
      view.getUint8(hdlr.body + 8),
      view.getUint8(hdlr.body + 9),
      view.getUint8(hdlr.body + 10),
      view.getUint8(hdlr.body + 11),
    );
  }
  const stbl = path(view, mdia, ["minf", "stbl"]);
  const stsd = stbl ? child(view, stbl, "stsd") : undefined;
  if (stsd && stsd.body + 16 <= stsd.end && view.getUint32(stsd.body + 4) > 0) {
    const entry = stsd.body + 8;
    track.codec = String.fromCharCode(
      view.getUint8(entry + 4),
      view.getUint8(entry + 5),
      view.getUint8(entry + 6),
      view.getUint8(entry + 7),
    );
  }
  const mdhd = child(view, mdia, "mdhd");
  const stts = stbl ? child(view, stbl, "stts") : undefined;
  if (mdhd && stts) {
    const { timescale, duration } = timing(view, mdhd);
    const entries = view.getUint32(stts.body + 4);
    let samples = 0;
    for (let i = 0; i < entries && stts.body + 8 + i * 8 + 8 <= stts.end; i++) {
      samples += view.getUint32(stts.body + 8 + i * 8);
    }
    if (timescale > 0 && duration > 0 && samples > 0) track.fps = samples / (duration / timescale);
  }
  return track;
}

/** Returns null when the bytes hold no readable moov/mvhd (not a usable MP4 to a platform). */
export function readMp4Info(bytes: Uint8Array): Mp4Info | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    const top = readBoxes(view, 0, bytes.byteLength);
    const moovIndex = top.findIndex((box) => box.type === "moov");
    const moov = top[moovIndex];
    if (!moov) return null;
    const mvhd = child(view, moov, "mvhd");
    if (!mvhd) return null;
    const { timescale, duration } = timing(view, mvhd);
    if (timescale === 0) return null;
    const mdatIndex = top.findIndex((box) => box.type === "mdat");
    const tracks = readBoxes(view, moov.body, moov.end)
      .filter((box) => box.type === "trak")
      .map((trak) => readTrack(view, trak));
    return {
      durationSeconds: duration / timescale,
      faststart: mdatIndex === -1 || moovIndex < mdatIndex,
      tracks,
    };
  } catch {
    // A RangeError from a truncated box: the platform would call this an unreadable file.
    return null;
  }
}
