import { describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors";
import { jpeg, mp4, png } from "@/test/media/media-fixtures";
import { sniffMedia } from "./sniff";

function refusal(bytes: Uint8Array): string {
  try {
    sniffMedia(bytes);
  } catch (error) {
    if (isAppError(error, "INVALID_INPUT")) return error.message;
    throw error;
  }
  throw new Error("expected the bytes to be refused");
}

describe("sniffMedia", () => {
  it("reads a JPEG's type and size", () => {
    expect(sniffMedia(jpeg({ width: 1080, height: 1920 }))).toEqual({
      kind: "IMAGE",
      mimeType: "image/jpeg",
      extension: "jpg",
      width: 1080,
      height: 1920,
      durationMs: null,
    });
  });

  it("reports a JPEG turned by its EXIF orientation the way it is displayed", () => {
    expect(sniffMedia(jpeg({ width: 1920, height: 1080, orientation: 6 }))).toMatchObject({
      width: 1080,
      height: 1920,
    });
    expect(sniffMedia(jpeg({ width: 1920, height: 1080, orientation: 3 }))).toMatchObject({
      width: 1920,
      height: 1080,
    });
  });

  it("reads a PNG's type and size", () => {
    expect(sniffMedia(png({ width: 30, height: 20 }))).toMatchObject({
      kind: "IMAGE",
      mimeType: "image/png",
      width: 30,
      height: 20,
    });
  });

  it("reads an MP4's size and duration from its boxes", () => {
    expect(sniffMedia(mp4({ width: 1080, height: 1920, durationSeconds: 14.5 }))).toEqual({
      kind: "VIDEO",
      mimeType: "video/mp4",
      extension: "mp4",
      width: 1080,
      height: 1920,
      durationMs: 14_500,
    });
  });

  it("finds moov after mdat too", () => {
    expect(sniffMedia(mp4({ faststart: false, durationSeconds: 3 }))).toMatchObject({ durationMs: 3000 });
  });

  it("treats a phone's rotated landscape frames as the portrait video they play as", () => {
    expect(sniffMedia(mp4({ width: 1920, height: 1080, rotation: 90 }))).toMatchObject({
      width: 1080,
      height: 1920,
    });
  });

  it("recognises a QuickTime MOV by its brand", () => {
    expect(sniffMedia(mp4({ brand: "qt  ", compatibleBrands: ["qt  "] }))).toMatchObject({
      mimeType: "video/quicktime",
      extension: "mov",
    });
  });

  it("goes by the bytes alone: a PNG named clip.mp4 is still a PNG", () => {
    // sniffMedia is never given the name; the use case passes it only for display.
    const bytes = png({ width: 8, height: 8 });
    expect(sniffMedia(bytes).mimeType).toBe("image/png");
  });

  it("refuses an empty file", () => {
    expect(refusal(Buffer.alloc(0))).toMatch(/it is empty/);
  });

  it("refuses a JPEG cut off before its end marker", () => {
    const whole = jpeg({ width: 64, height: 64 });
    expect(refusal(whole.subarray(0, whole.length - 2))).toMatch(/JPEG is incomplete/);
    expect(refusal(whole.subarray(0, 40))).toMatch(/JPEG is incomplete/);
  });

  it("accepts a JPEG with data after its end marker, as some cameras write", () => {
    expect(sniffMedia(Buffer.concat([jpeg({ width: 8, height: 8 }), Buffer.from("trailer")])).width).toBe(8);
  });

  it("follows a scan with stuffed bytes and restart markers up to the end marker", () => {
    const whole = jpeg({ width: 8, height: 8 });
    const sos = whole.indexOf(Buffer.from([0xff, 0xda]));
    const scanStart = sos + 2 + whole.readUInt16BE(sos + 2);
    const withMarkers = Buffer.concat([
      whole.subarray(0, scanStart),
      Buffer.from([0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56, 0xff, 0xff, 0xd9]),
    ]);
    expect(sniffMedia(withMarkers).kind).toBe("IMAGE");
    // The same scan without its end: a stuffed 0xFF00 or a restart marker is not the end.
    expect(refusal(withMarkers.subarray(0, withMarkers.length - 3))).toMatch(/incomplete/);
  });

  it("refuses a PNG cut off before IEND", () => {
    const whole = png({ width: 16, height: 16 });
    expect(refusal(whole.subarray(0, whole.length - 12))).toMatch(/PNG is incomplete/);
  });

  it("refuses an SVG, even one that looks harmless at the start", () => {
    const svg = `<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>`;
    expect(refusal(Buffer.from(svg))).toMatch(/SVG images are not supported/);
  });

  it("refuses an HTML page", () => {
    expect(refusal(Buffer.from("<!DOCTYPE html><html><body><script>steal()</script></body></html>"))).toMatch(
      /HTML page/,
    );
  });

  it("names other image types it does not take", () => {
    expect(refusal(Buffer.from("GIF89a\x01\x00\x01\x00\x00\x00\x00;", "latin1"))).toMatch(/GIF images/);
    expect(refusal(mp4({ brand: "heic", compatibleBrands: ["mif1", "heic"] }))).toMatch(/HEIC/);
  });

  it("refuses unknown bytes with the accepted types in the message", () => {
    expect(refusal(Buffer.from("just some text, nothing else"))).toMatch(
      /not recognised.*Upload a JPEG or PNG image, or an MP4 or MOV video/,
    );
  });

  it("refuses an MP4 without a readable index or without video", () => {
    const whole = mp4();
    expect(refusal(whole.subarray(0, 40))).toMatch(/no moov box/);
    expect(refusal(mp4({ videoCodec: null }))).toMatch(/no video track/);
    expect(refusal(mp4({ durationSeconds: 0 }))).toMatch(/duration cannot be read/);
    expect(refusal(mp4({ brand: "XXXX", compatibleBrands: ["XXXX"] }))).toMatch(/not an MP4 or MOV/);
  });

  it("refuses a crafted MP4 whose boxes claim more than is there, without throwing anything else", () => {
    const whole = mp4();
    const lying = Buffer.from(whole);
    const moov = lying.indexOf("moov") - 4;
    lying.writeUInt32BE(lying.length * 4, moov);
    expect(refusal(lying)).toMatch(/video cannot be read/);
  });
});
