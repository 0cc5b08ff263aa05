import { describe, expect, it } from "vitest";
import { mp4 } from "@/test/media/media-fixtures";
import { readMp4Info } from "./mp4-info";

describe("readMp4Info", () => {
  it("reads duration, faststart, codecs, size and frame rate from the boxes", () => {
    const info = readMp4Info(mp4({ durationSeconds: 75, width: 720, height: 1280, fps: 25 }));
    expect(info).not.toBeNull();
    expect(info?.durationSeconds).toBe(75);
    expect(info?.faststart).toBe(true);
    const [video, audio] = info?.tracks ?? [];
    expect(video).toMatchObject({ handler: "vide", codec: "avc1", width: 720, height: 1280 });
    expect(video?.fps).toBeCloseTo(25);
    expect(audio).toMatchObject({ handler: "soun", codec: "mp4a" });
  });

  it("notices moov after mdat", () => {
    expect(readMp4Info(mp4({ faststart: false }))?.faststart).toBe(false);
  });

  it("returns null for bytes without a readable moov/mvhd", () => {
    expect(readMp4Info(Buffer.from("not an mp4 at all, just text"))).toBeNull();
    const truncated = mp4().subarray(0, 60);
    expect(readMp4Info(truncated)).toBeNull();
  });
});
