import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors";
import { S3_SANDBOX_CREDENTIALS } from "@/simulators/s3/s3-router";
import { type RunningSimulator, startSimulator } from "@/simulators/server";
import { newMediaKey } from "./media-key";
import { S3MediaStorage } from "./s3-storage";
import { serveMedia } from "./serve-media";
import { signMediaUrl } from "./signed-url";
import { LocalDiskMediaStorage, type MediaStorage } from "./storage";

async function bytesOf(stream: ReadableStream<Uint8Array> | null): Promise<Buffer | null> {
  return stream ? Buffer.from(await new Response(stream).arrayBuffer()) : null;
}

let scratch: string;
let simulator: RunningSimulator;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "storyrelay-storage-"));
  simulator = await startSimulator({ port: 0 });
});

afterAll(async () => {
  await simulator.close();
  await rm(scratch, { recursive: true, force: true });
});

const s3 = (credentials: { accessKeyId: string; secretAccessKey: string } = S3_SANDBOX_CREDENTIALS) =>
  new S3MediaStorage({
    bucket: "media",
    region: "us-east-1",
    endpoint: `${simulator.url}/s3`,
    forcePathStyle: true,
    ...credentials,
  });

// The same contract for every driver: what serve-media and processing rely on.
describe.each([
  ["local disk", () => new LocalDiskMediaStorage(join(scratch, "local"))],
  ["S3 (simulator over HTTP)", () => s3()],
])("MediaStorage contract: %s", (_, make: () => MediaStorage) => {
  let storage: MediaStorage;
  beforeAll(() => {
    storage = make();
  });

  it("puts bytes, stats, reads whole and by range, deletes", async () => {
    const key = newMediaKey("ws-contract", "jpg");
    const bytes = Buffer.from(Array.from({ length: 700_000 }, (_, i) => i % 251));
    await storage.put(key, bytes);
    expect(await storage.stat(key)).toEqual({ sizeBytes: bytes.length });
    expect((await bytesOf(await storage.get(key)))?.equals(bytes)).toBe(true);
    expect(
      (await bytesOf(await storage.get(key, { start: 300_000, end: 300_009 })))?.equals(
        bytes.subarray(300_000, 300_010),
      ),
    ).toBe(true);
    await storage.delete(key);
    expect(await storage.stat(key)).toBeNull();
    expect(await storage.get(key)).toBeNull();
    await storage.delete(key); // twice is fine
  });

  it("stores a local file streamed, not read whole", async () => {
    const key = newMediaKey("ws-contract", "mp4");
    const path = join(scratch, `source-${Math.random()}.bin`);
    const bytes = Buffer.alloc(1_500_000, 9);
    await writeFile(path, bytes);
    await storage.putFile(key, path);
    expect(await storage.stat(key)).toEqual({ sizeBytes: bytes.length });
    expect((await bytesOf(await storage.get(key)))?.equals(bytes)).toBe(true);
  });

  it("serves a signed media URL (the platforms' fetch) by streaming a range from this store", async () => {
    const key = newMediaKey("ws-contract", "mp4");
    const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => i % 7));
    await storage.put(key, bytes);
    const secret = "s".repeat(32);
    const url = new URL(
      signMediaUrl({
        baseUrl: "https://relay.test",
        storageKey: key,
        expiresAt: new Date(Date.now() + 60_000),
        secret,
      }),
    );
    const response = await serveMedia(
      { storage, secret },
      { method: "GET", key, query: url.searchParams, range: "bytes=100-199" },
    );
    expect(response.status).toBe(206);
    expect(response.headers).toMatchObject({
      "Content-Type": "video/mp4",
      "Content-Range": "bytes 100-199/4096",
    });
    expect(
      (await bytesOf(response.body as ReadableStream<Uint8Array>))?.equals(bytes.subarray(100, 200)),
    ).toBe(true);
  });

  it("answers null for a key with nothing stored, and refuses a key that is not ours", async () => {
    expect(await storage.stat(newMediaKey("ws-contract", "png"))).toBeNull();
    expect(await storage.get(newMediaKey("ws-contract", "png"))).toBeNull();
    await expect(storage.put("../escape.jpg", Buffer.from("x"))).rejects.toSatisfy((error) =>
      isAppError(error, "INVALID_INPUT"),
    );
  });
});

describe("S3 driver credentials", () => {
  it("surfaces the service's refusal of an unknown access key", async () => {
    const wrong = s3({ accessKeyId: "someone-else", secretAccessKey: "nope" });
    await expect(wrong.put(newMediaKey("ws-contract", "jpg"), Buffer.from("x"))).rejects.toMatchObject({
      name: "InvalidAccessKeyId",
    });
  });
});
