import { describe, expect, it } from "vitest";
import { thumbnailKeyOf } from "./thumbnail-key";

const thumb = {
  storageKey: "ws/a-thumb.jpg",
  mimeType: "image/jpeg",
  width: 180,
  height: 320,
  sizeBytes: 900,
};

describe("thumbnailKeyOf", () => {
  it("prefers the thumbnail rendition", () => {
    expect(
      thumbnailKeyOf({
        kind: "VIDEO",
        status: "READY",
        storageKey: "ws/a.mp4",
        renditions: { thumbnail: thumb },
      }),
    ).toBe("ws/a-thumb.jpg");
  });

  it("falls back to a ready image itself, never to a video or an unfinished file", () => {
    expect(thumbnailKeyOf({ kind: "IMAGE", status: "READY", storageKey: "ws/a.jpg", renditions: {} })).toBe(
      "ws/a.jpg",
    );
    expect(
      thumbnailKeyOf({ kind: "VIDEO", status: "READY", storageKey: "ws/a.mp4", renditions: {} }),
    ).toBeNull();
    expect(
      thumbnailKeyOf({ kind: "IMAGE", status: "PROCESSING", storageKey: "ws/a.jpg", renditions: {} }),
    ).toBeNull();
    expect(
      thumbnailKeyOf({ kind: "IMAGE", status: "FAILED", storageKey: "ws/a.jpg", renditions: "junk" }),
    ).toBeNull();
  });
});
