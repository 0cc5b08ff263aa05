import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  clampFocal,
  containBox,
  coverCrop,
  coverObjectPosition,
  isStoryAspect,
  STORY_FRAME,
  splitPoints,
  videoFrameSize,
} from "./fit-geometry";

describe("coverCrop", () => {
  it("takes a centred 9:16 window from a landscape photo", () => {
    expect(coverCrop({ width: 4000, height: 3000 }, STORY_FRAME, { x: 0.5, y: 0.5 })).toEqual({
      left: 1156,
      top: 0,
      width: 1688,
      height: 3000,
    });
  });

  it("moves the window towards the focal point, stopping at the edges", () => {
    const source = { width: 4000, height: 3000 };
    expect(coverCrop(source, STORY_FRAME, { x: 0, y: 0.5 }).left).toBe(0);
    expect(coverCrop(source, STORY_FRAME, { x: 1, y: 0.5 }).left).toBe(4000 - 1688);
    expect(coverCrop(source, STORY_FRAME, { x: 0.25, y: 0.5 }).left).toBe(1000 - 844);
  });

  it("crops top and bottom of a tall panorama around the focal point", () => {
    const crop = coverCrop({ width: 1000, height: 4000 }, STORY_FRAME, { x: 0.5, y: 0.1 });
    expect(crop).toMatchObject({ left: 0, width: 1000, height: 1778 });
    expect(crop.top).toBe(0);
  });

  it("always stays inside the source with the story's aspect ratio", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 16, max: 12_000 }),
        fc.integer({ min: 16, max: 12_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (width, height, x, y) => {
          const crop = coverCrop({ width, height }, STORY_FRAME, { x, y });
          expect(crop.left).toBeGreaterThanOrEqual(0);
          expect(crop.top).toBeGreaterThanOrEqual(0);
          expect(crop.left + crop.width).toBeLessThanOrEqual(width);
          expect(crop.top + crop.height).toBeLessThanOrEqual(height);
          // One side is the source's whole side; the other follows 9:16 up to rounding.
          expect(crop.width === width || crop.height === height).toBe(true);
          expect(Math.abs(crop.width / crop.height - 9 / 16)).toBeLessThan(
            2 / Math.min(crop.width, crop.height),
          );
        },
      ),
    );
  });
});

describe("containBox", () => {
  it("letterboxes a landscape picture in the middle of the frame", () => {
    expect(containBox({ width: 1920, height: 1080 }, STORY_FRAME)).toEqual({
      left: 0,
      top: 656,
      width: 1080,
      height: 608,
    });
  });

  it("pillarboxes a very tall picture", () => {
    expect(containBox({ width: 500, height: 2000 }, STORY_FRAME)).toEqual({
      left: 300,
      top: 0,
      width: 480,
      height: 1920,
    });
  });
});

describe("videoFrameSize", () => {
  it("is 1080×1920 for full-HD sources of either orientation", () => {
    expect(videoFrameSize({ width: 1920, height: 1080 })).toEqual({ width: 1080, height: 1920 });
    expect(videoFrameSize({ width: 3840, height: 2160 })).toEqual({ width: 1080, height: 1920 });
  });

  it("does not upscale a small clip, and keeps even sides", () => {
    expect(videoFrameSize({ width: 720, height: 1280 })).toEqual({ width: 720, height: 1280 });
    expect(videoFrameSize({ width: 320, height: 240 })).toEqual({ width: 320, height: 568 });
  });
});

describe("isStoryAspect", () => {
  it("accepts 9:16 and refuses anything else", () => {
    expect(isStoryAspect({ width: 1080, height: 1920 })).toBe(true);
    expect(isStoryAspect({ width: 720, height: 1280 })).toBe(true);
    expect(isStoryAspect({ width: 1080, height: 1350 })).toBe(false);
    expect(isStoryAspect({ width: 1920, height: 1080 })).toBe(false);
  });
});

describe("splitPoints", () => {
  it("cuts 75 s into two equal parts, 120 s into two, 121 s into three", () => {
    expect(splitPoints(75_000, 60_000)).toEqual([37.5]);
    expect(splitPoints(120_000, 60_000)).toEqual([60]);
    expect(splitPoints(121_000, 60_000)).toEqual([40.333, 80.667]);
  });

  it("does not cut a clip that fits", () => {
    expect(splitPoints(60_000, 60_000)).toEqual([]);
    expect(splitPoints(5_000, 60_000)).toEqual([]);
  });
});

describe("clampFocal", () => {
  it("keeps a point dragged past the picture's edge on the edge", () => {
    expect(clampFocal({ x: -0.2, y: 1.7 })).toEqual({ x: 0, y: 1 });
    expect(clampFocal({ x: 0.3, y: 0.6 })).toEqual({ x: 0.3, y: 0.6 });
  });

  it("puts a point that is not a number back in the middle", () => {
    expect(clampFocal({ x: Number.NaN, y: Number.POSITIVE_INFINITY })).toEqual({ x: 0.5, y: 0.5 });
  });
});

describe("coverObjectPosition", () => {
  it("shows the left edge of a landscape photo when the focal point is near the left", () => {
    expect(coverObjectPosition({ width: 4000, height: 3000 }, { x: 0.05, y: 0.5 })).toEqual({ x: 0, y: 50 });
  });

  it("places the preview window exactly where coverCrop cuts", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 16, max: 8_000 }),
        fc.integer({ min: 16, max: 8_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (width, height, x, y) => {
          const source = { width, height };
          const crop = coverCrop(source, STORY_FRAME, { x, y });
          const position = coverObjectPosition(source, { x, y });
          // What a browser does with object-position p% on an object-fit: cover box.
          const left = ((width - crop.width) * position.x) / 100;
          const top = ((height - crop.height) * position.y) / 100;
          expect(Math.abs(left - crop.left)).toBeLessThan(1e-6);
          expect(Math.abs(top - crop.top)).toBeLessThan(1e-6);
        },
      ),
    );
  });

  it("centres a picture that is already 9:16 (nothing is cropped)", () => {
    expect(coverObjectPosition({ width: 1080, height: 1920 }, { x: 0.1, y: 0.9 })).toEqual({ x: 50, y: 50 });
  });
});
