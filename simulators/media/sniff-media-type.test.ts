import { describe, expect, it } from "vitest";
import { jpeg, mp4, png } from "@/test/media/media-fixtures";
import { sniffMediaType } from "./sniff-media-type";

describe("sniffMediaType", () => {
  it.each([
    ["jpeg", jpeg()],
    ["png", png()],
    ["mp4", mp4()],
    ["gif", Buffer.from("GIF89a\x01\x00\x01\x00\x00\x00\x00", "latin1")],
    ["unknown", Buffer.from("<html>not media</html>")],
  ])("recognises %s from its bytes", (type, bytes) => {
    expect(sniffMediaType(bytes)).toBe(type);
  });

  it("tells QuickTime from MP4 by the ftyp brand", () => {
    const mov = mp4();
    mov.write("qt  ", 8, "latin1");
    expect(sniffMediaType(mov)).toBe("mov");
  });
});
