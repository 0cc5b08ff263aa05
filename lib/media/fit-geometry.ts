/**
 * Pure geometry for fitting a picture or video frame into the 9:16 story frame. No I/O, so the
 * maths (the part that decides what a viewer sees) is unit-tested on its own; sharp and ffmpeg
 * only execute the rectangles computed here.
 */

export type Size = { width: number; height: number };
export type Rect = { left: number; top: number; width: number; height: number };
/** A point of interest, as fractions of the width and height (0,0 is the top-left corner). */
export type FocalPoint = { x: number; y: number };

/** The story frame every platform shows full-screen. */
export const STORY_FRAME: Size = { width: 1080, height: 1920 };

const clamp = (value: number, min: number, max: number) => Math.min(Math.max(value, min), max);

/**
 * The largest window of `target`'s aspect ratio inside `source`, centred on the focal point as
 * far as the edges allow: a face at the far left of a landscape photo stays in the crop instead
 * of being cut off by a centred one.
 */
export function coverCrop(source: Size, target: Size, focal: FocalPoint): Rect {
  const scale = Math.max(target.width / source.width, target.height / source.height);
  const width = Math.min(source.width, Math.round(target.width / scale));
  const height = Math.min(source.height, Math.round(target.height / scale));
  const left = clamp(Math.round(focal.x * source.width - width / 2), 0, source.width - width);
  const top = clamp(Math.round(focal.y * source.height - height / 2), 0, source.height - height);
  return { left, top, width, height };
}

/** Where the whole of `source`, scaled to fit, sits inside `target` (centred, letterboxed). */
export function containBox(source: Size, target: Size): Rect {
  const scale = Math.min(target.width / source.width, target.height / source.height);
  const width = Math.max(1, Math.round(source.width * scale));
  const height = Math.max(1, Math.round(source.height * scale));
  return {
    left: Math.floor((target.width - width) / 2),
    top: Math.floor((target.height - height) / 2),
    width,
    height,
  };
}

const even = (value: number) => Math.max(2, 2 * Math.round(value / 2));

/**
 * The 9:16 size a video is encoded at: 1080×1920 at most, smaller when the source has fewer
 * pixels (upscaling a 720p clip only makes the file bigger). H.264 in yuv420p needs even sides.
 */
export function videoFrameSize(source: Size): Size {
  const scale = Math.min(1, Math.max(source.width / STORY_FRAME.width, source.height / STORY_FRAME.height));
  return { width: even(STORY_FRAME.width * scale), height: even(STORY_FRAME.height * scale) };
}

/** True when `size` is 9:16 within half a percent (1080×1920, 720×1280, 1079×1920 …). */
export function isStoryAspect(size: Size): boolean {
  const ratio = size.width / size.height / (STORY_FRAME.width / STORY_FRAME.height);
  return Math.abs(ratio - 1) <= 0.005;
}

/**
 * Cut points (in seconds) splitting `durationMs` into the fewest equal parts of at most
 * `maxPartMs`: a 75 s clip becomes two parts of 37.5 s rather than 60 s and a stray 15 s.
 */
export function splitPoints(durationMs: number, maxPartMs: number): number[] {
  const parts = Math.max(1, Math.ceil(durationMs / maxPartMs));
  const length = durationMs / parts;
  return Array.from({ length: parts - 1 }, (_, index) => Math.round(length * (index + 1)) / 1000);
}

/** Keeps a focal point inside the picture: a drag that leaves the image stops at its edge. */
export function clampFocal(focal: FocalPoint): FocalPoint {
  const fraction = (value: number) => (Number.isFinite(value) ? clamp(value, 0, 1) : 0.5);
  return { x: fraction(focal.x), y: fraction(focal.y) };
}

/**
 * The CSS `object-position` that makes an `object-fit: cover` 9:16 box show exactly the window
 * `coverCrop` cuts (same rounding, same stop at the edges), so the framing editor's live preview
 * is the rendition the workers will make, not an approximation. With `cover`, a position of p%
 * puts the picture's p% point on the box's p% point: p = left / (overflow).
 */
export function coverObjectPosition(source: Size, focal: FocalPoint): { x: number; y: number } {
  const crop = coverCrop(source, STORY_FRAME, focal);
  const share = (offset: number, spare: number) => (spare > 0 ? (offset / spare) * 100 : 50);
  return { x: share(crop.left, source.width - crop.width), y: share(crop.top, source.height - crop.height) };
}
