import { describe, expect, it } from "vitest";
import { displayName, formatBytes } from "./format";

describe("formatBytes", () => {
  it("says sizes the way people read them", () => {
    expect(formatBytes(100 * 1024 * 1024)).toBe("100 MB");
    expect(formatBytes(1536 * 1024 * 1024)).toBe("1.5 GB");
    expect(formatBytes(4096)).toBe("4 KB");
    expect(formatBytes(1)).toBe("1 byte");
    expect(formatBytes(900)).toBe("900 bytes");
  });

  it("rounds a size over a limit up, so it never reads as the limit itself", () => {
    expect(formatBytes(100 * 1024 * 1024 + 1, "up")).toBe("100.1 MB");
  });
});

describe("displayName", () => {
  it("keeps the last path segment without control or direction-changing characters", () => {
    expect(displayName("C:\\Users\\me\\summer sale.jpg")).toBe("summer sale.jpg");
    expect(displayName("../../etc/passwd")).toBe("passwd");
    expect(displayName("invoice\u202Egpj.exe")).toBe("invoicegpj.exe");
    expect(displayName("a\u0000b\nc.png")).toBe("abc.png");
  });

  it("falls back to a neutral name and caps the length", () => {
    expect(displayName("")).toBe("upload");
    expect(displayName("dir/")).toBe("upload");
    expect(displayName(`${"é".repeat(300)}.jpg`)).toHaveLength(255);
  });
});
