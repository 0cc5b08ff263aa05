import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jpeg } from "@/test/media/media-fixtures";
import { newMediaKey } from "./media-key";
import { type MediaResponse, parseRange, serveMedia } from "./serve-media";
import { signMediaUrl } from "./signed-url";
import { LocalDiskMediaStorage } from "./storage";

const secret = "m".repeat(32);
const now = new Date("2026-05-03T10:00:00Z");
const expiresAt = new Date("2026-05-03T11:00:00Z");

async function bodyBytes(response: MediaResponse): Promise<Buffer> {
  if (response.body === null) return Buffer.alloc(0);
  return Buffer.from(await new Response(response.body).arrayBuffer());
}

describe("serveMedia", () => {
  let root: string;
  let storage: LocalDiskMediaStorage;
  let key: string;
  const bytes = jpeg({ width: 64, height: 64 });

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "storyrelay-serve-"));
    storage = new LocalDiskMediaStorage(root);
    key = newMediaKey("ws1", "jpg");
    await storage.put(key, bytes);
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  // Requests go through a real signed URL, as a platform would send them.
  function request(
    options: { key?: string; expiresAt?: Date; range?: string; method?: "GET" | "HEAD" } = {},
  ) {
    const url = new URL(
      signMediaUrl({
        baseUrl: "https://relay.test",
        storageKey: options.key ?? key,
        expiresAt: options.expiresAt ?? expiresAt,
        secret,
      }),
    );
    return {
      method: options.method ?? "GET",
      key: url.pathname.replace(/^\/media\//, ""),
      query: url.searchParams,
      range: options.range ?? null,
    };
  }

  const serve = (req: Parameters<typeof serveMedia>[1]) => serveMedia({ storage, secret, now }, req);

  it("serves the whole file with its type, length and a cache lifetime that ends with the link", async () => {
    const response = await serve(request());
    expect(response.status).toBe(200);
    expect(response.headers).toMatchObject({
      "Content-Type": "image/jpeg",
      "Content-Length": String(bytes.length),
      "Accept-Ranges": "bytes",
      "Cache-Control": "private, max-age=3600",
    });
    expect((await bodyBytes(response)).equals(bytes)).toBe(true);
  });

  it("serves one range, as video players and Meta's fetchers ask", async () => {
    const response = await serve(request({ range: "bytes=10-19" }));
    expect(response.status).toBe(206);
    expect(response.headers).toMatchObject({
      "Content-Range": `bytes 10-19/${bytes.length}`,
      "Content-Length": "10",
    });
    expect((await bodyBytes(response)).equals(bytes.subarray(10, 20))).toBe(true);
  });

  it("serves open-ended and suffix ranges", async () => {
    const tail = await serve(request({ range: "bytes=-4" }));
    expect(tail.headers["Content-Range"]).toBe(
      `bytes ${bytes.length - 4}-${bytes.length - 1}/${bytes.length}`,
    );
    expect((await bodyBytes(tail)).equals(bytes.subarray(-4))).toBe(true);

    const rest = await serve(request({ range: "bytes=100-" }));
    expect(rest.status).toBe(206);
    expect((await bodyBytes(rest)).equals(bytes.subarray(100))).toBe(true);
  });

  it("answers 416 for a range past the end", async () => {
    const response = await serve(request({ range: `bytes=${bytes.length}-` }));
    expect(response.status).toBe(416);
    expect(response.headers["Content-Range"]).toBe(`bytes */${bytes.length}`);
  });

  it("answers several ranges with the whole file", async () => {
    const response = await serve(request({ range: "bytes=0-1,5-6" }));
    expect(response.status).toBe(200);
    expect((await bodyBytes(response)).length).toBe(bytes.length);
  });

  it("answers HEAD with the headers and no body", async () => {
    const response = await serve(request({ method: "HEAD", range: "bytes=0-99" }));
    expect(response).toMatchObject({ status: 206, body: null });
    expect(response.headers["Content-Length"]).toBe("100");
  });

  it("refuses an expired link with a short reason", async () => {
    const response = await serve(request({ expiresAt: new Date(now.getTime() - 1000) }));
    expect(response).toMatchObject({ status: 403, body: "This media link has expired." });
    expect(response.headers["Content-Type"]).toBe("text/plain; charset=utf-8");
  });

  it("refuses a link for another key, or without a signature", async () => {
    const genuine = request();
    const otherKey = { ...genuine, key: key.replace("ws1/", "ws2/") };
    expect(await serve(otherKey)).toMatchObject({ status: 403, body: "This media link is not valid." });
    expect(await serve({ ...genuine, query: new URLSearchParams() })).toMatchObject({
      status: 403,
      body: "This media link is missing its signature.",
    });
  });

  it("refuses a hostile key (NUL, lone surrogate, a megabyte) with 403 before storage sees it", async () => {
    const genuine = request();
    for (const hostile of [`${key}\u0000`, `${key}\ud800`, "k".repeat(1 << 20)]) {
      expect(await serve({ ...genuine, key: hostile })).toMatchObject({ status: 403 });
    }
  });

  it("answers 404 for a validly signed key with nothing stored", async () => {
    const response = await serve(request({ key: newMediaKey("ws1", "mp4") }));
    expect(response).toMatchObject({ status: 404 });
  });
});

describe("parseRange", () => {
  it.each([
    ["bytes=0-0", { start: 0, end: 0 }],
    ["bytes=5-", { start: 5, end: 99 }],
    ["bytes=-10", { start: 90, end: 99 }],
    ["bytes=-1000", { start: 0, end: 99 }],
    ["bytes=90-1000", { start: 90, end: 99 }],
    ["bytes=100-", "unsatisfiable"],
    ["bytes=-0", "unsatisfiable"],
    ["bytes=5-2", null],
    ["bytes=-", null],
    ["items=0-5", null],
    ["bytes=0-1,3-4", null],
    [null, null],
  ] as const)("%s of 100 bytes → %j", (header, expected) => {
    expect(parseRange(header, 100)).toEqual(expected);
  });
});
