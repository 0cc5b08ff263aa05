import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors";
import { isMediaKey, newMediaKey } from "./media-key";
import { LocalDiskMediaStorage } from "./storage";

async function text(stream: ReadableStream<Uint8Array> | null): Promise<string | null> {
  return stream ? new Response(stream).text() : null;
}

describe("LocalDiskMediaStorage", () => {
  let parent: string;
  let storage: LocalDiskMediaStorage;

  beforeAll(async () => {
    parent = await mkdtemp(join(tmpdir(), "storyrelay-media-"));
    storage = new LocalDiskMediaStorage(join(parent, "root"));
    // A file next to the root, which no key may reach.
    await writeFile(join(parent, "secret.txt"), "do not serve");
  });

  afterAll(async () => {
    await rm(parent, { recursive: true, force: true });
  });

  it("stores, stats, streams (whole or a range) and deletes", async () => {
    const key = newMediaKey("ws1", "jpg");
    await storage.put(key, Buffer.from("hello media"));
    expect(await storage.stat(key)).toEqual({ sizeBytes: 11 });
    expect(await text(await storage.get(key))).toBe("hello media");
    expect(await text(await storage.get(key, { start: 6, end: 10 }))).toBe("media");
    expect(await text(await storage.get(key, { start: 6, end: 1000 }))).toBe("media");
    await storage.delete(key);
    expect(await storage.stat(key)).toBeNull();
    expect(await storage.get(key)).toBeNull();
    await storage.delete(key); // deleting twice is fine
  });

  it("streams a file larger than one chunk in order", async () => {
    const key = newMediaKey("ws1", "mp4");
    const bytes = Buffer.alloc(600_000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = i % 251;
    await storage.put(key, bytes);
    const read = Buffer.from(await new Response(await storage.get(key)).arrayBuffer());
    expect(read.equals(bytes)).toBe(true);
    const middle = Buffer.from(
      await new Response(await storage.get(key, { start: 262_000, end: 530_000 })).arrayBuffer(),
    );
    expect(middle.equals(bytes.subarray(262_000, 530_001))).toBe(true);
  });

  it("leaves no temporary files behind", async () => {
    const key = newMediaKey("ws2", "png");
    await storage.put(key, Buffer.from("png"));
    expect(await readdir(join(storage.root, "ws2"))).toEqual([key.split("/")[1]]);
    expect(await readFile(join(storage.root, key), "utf8")).toBe("png");
  });

  it.each([
    "../secret.txt",
    "ws1/../../secret.txt",
    "/etc/passwd",
    "ws1/..",
    "ws1/.tmp-123.jpg",
    "ws1\\..\\..\\secret.txt",
    "ws1/%2e%2e/secret.txt",
    "ws1/file.jpg\0.png",
    "ws1/äpfel.jpg",
    "no-directory.jpg",
    "",
  ])("refuses the key %j for every operation", async (key) => {
    expect(isMediaKey(key)).toBe(false);
    for (const operation of [
      () => storage.put(key, Buffer.from("x")),
      () => storage.get(key),
      () => storage.stat(key),
      () => storage.delete(key),
    ]) {
      const error = await operation().then(
        () => null,
        (e: unknown) => e,
      );
      expect(isAppError(error, "INVALID_INPUT")).toBe(true);
    }
    expect(await readFile(join(parent, "secret.txt"), "utf8")).toBe("do not serve");
  });
});
