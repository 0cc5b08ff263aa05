import { describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors";
import { parseProbe } from "./probe";
import { planVideo } from "./video-rendition";

function probeJson(overrides: { video?: object; audio?: object | null; duration?: string } = {}): string {
  const video = {
    codec_type: "video",
    codec_name: "h264",
    profile: "High",
    pix_fmt: "yuv420p",
    width: 1080,
    height: 1920,
    avg_frame_rate: "30000/1001",
    ...overrides.video,
  };
  const audio =
    overrides.audio === null ? [] : [{ codec_type: "audio", codec_name: "aac", ...overrides.audio }];
  return JSON.stringify({
    streams: [video, ...audio],
    format: { format_name: "mov,mp4,m4a,3gp,3g2,mj2", duration: overrides.duration ?? "12.345000" },
  });
}

describe("parseProbe", () => {
  it("reads codecs, size, frame rate and duration", () => {
    expect(parseProbe(probeJson())).toEqual({
      formatName: "mov,mp4,m4a,3gp,3g2,mj2",
      durationMs: 12_345,
      codedWidth: 1080,
      codedHeight: 1920,
      width: 1080,
      height: 1920,
      rotation: 0,
      videoCodec: "h264",
      profile: "High",
      pixelFormat: "yuv420p",
      fps: 30000 / 1001,
      audioCodec: "aac",
    });
  });

  it("applies rotation from a rotate tag or a display matrix", () => {
    const tagged = parseProbe(probeJson({ video: { width: 1920, height: 1080, tags: { rotate: "90" } } }));
    expect(tagged).toMatchObject({ rotation: 90, width: 1080, height: 1920, codedWidth: 1920 });
    const matrix = parseProbe(
      probeJson({ video: { width: 1920, height: 1080, side_data_list: [{ rotation: -90 }] } }),
    );
    expect(matrix).toMatchObject({ rotation: 90, width: 1080, height: 1920 });
  });

  it("notes a silent video", () => {
    expect(parseProbe(probeJson({ audio: null })).audioCodec).toBeNull();
  });

  it("refuses a file without a video track or a length, saying so", () => {
    const audioOnly = JSON.stringify({
      streams: [{ codec_type: "audio", codec_name: "mp3" }],
      format: { duration: "3" },
    });
    expect(() => parseProbe(audioOnly)).toThrow(/no video track/);
    expect(() => parseProbe(probeJson({ duration: "N/A" }))).toThrow(/length cannot be determined/);
    try {
      parseProbe("not json");
    } catch (error) {
      expect(isAppError(error, "INVALID_INPUT")).toBe(true);
    }
  });
});

describe("planVideo", () => {
  it("only remuxes a file that is already a story-ready H.264/AAC 9:16 MP4", () => {
    expect(planVideo(parseProbe(probeJson()), { split: false })).toEqual({ action: "remux" });
  });

  it("transcodes, with the reasons, anything else", () => {
    const plan = planVideo(
      parseProbe(
        probeJson({
          video: { codec_name: "hevc", width: 1920, height: 1080 },
          audio: { codec_name: "opus" },
        }),
      ),
      { split: false },
    );
    expect(plan).toMatchObject({ action: "transcode", frame: { width: 1080, height: 1920 } });
    expect(plan.action === "transcode" && plan.reasons).toEqual([
      "video codec hevc",
      "audio codec opus",
      "1920×1080 is not 9:16",
      "larger than 1080×1920",
    ]);
  });

  it("transcodes a ready file that is to be split, to put keyframes at the cuts", () => {
    expect(planVideo(parseProbe(probeJson()), { split: true }).action).toBe("transcode");
  });
});
