import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors";
import { assertWithinMediaLimits, MAX_INPUT_PIXELS, MAX_VIDEO_DURATION_MS } from "./media-limits";

const refusal = (media: Parameters<typeof assertWithinMediaLimits>[0]) => {
  try {
    assertWithinMediaLimits(media);
    return null;
  } catch (error) {
    if (!isAppError(error, "INVALID_INPUT")) throw error;
    return error;
  }
};

describe("assertWithinMediaLimits", () => {
  it("accepts exactly what the decoder takes and refuses one pixel more, naming the limit", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 70_000 }),
        fc.integer({ min: 1, max: 70_000 }),
        fc.constantFrom("IMAGE" as const, "VIDEO" as const),
        (width, height, kind) => {
          const refused = refusal({ kind, width, height, durationMs: kind === "VIDEO" ? 10_000 : null });
          expect(refused === null).toBe(width * height <= MAX_INPUT_PIXELS);
          if (refused) {
            expect(refused.message).toContain(`${width} × ${height} px`);
            expect(refused.message).toContain("at most 100 megapixels");
            expect(refused.details.fields).toEqual({ file: refused.message });
            // The size shown is over the limit shown, even just past it.
            const shown = Number(refused.message.match(/px \(([\d.]+) megapixels\)/)?.[1]);
            expect(shown).toBeGreaterThan(100);
          }
        },
      ),
    );
    expect(refusal({ kind: "IMAGE", width: 10_000, height: 10_000, durationMs: null })).toBeNull();
    expect(refusal({ kind: "IMAGE", width: 10_000, height: 10_001, durationMs: null })).not.toBeNull();
  });

  it("refuses a video longer than the limit, and says how long both are", () => {
    const ok = { kind: "VIDEO" as const, width: 1080, height: 1920 };
    expect(refusal({ ...ok, durationMs: MAX_VIDEO_DURATION_MS })).toBeNull();
    expect(refusal({ ...ok, durationMs: 100 * 3_600_000 })?.message).toBe(
      "This video is 100 h long; videos can be at most 4 h. Trim it and upload it again.",
    );
  });
});
