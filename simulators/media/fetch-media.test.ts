import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jpeg } from "@/test/media/media-fixtures";
import { fetchMedia } from "./fetch-media";

const image = jpeg({ seed: 7 });
const limits = { timeoutMs: 2_000, maxBytes: 1 << 20 };

/** Starts a test origin on a free port of 127.0.0.1 and returns its base URL. */
async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

describe("fetchMedia: downloads media the way the platforms do", () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      switch (req.url) {
        case "/image.jpg":
          res.writeHead(200, { "content-type": "image/jpeg", "content-length": image.length });
          res.end(image);
          return;
        case "/moved":
          res.writeHead(302, { location: "/image.jpg" });
          res.end();
          return;
        case "/loop":
          res.writeHead(301, { location: "/loop" });
          res.end();
          return;
        case "/big":
          // 8 MiB in 64 KiB pieces, far past the 1 MiB cap.
          res.writeHead(200, { "content-type": "application/octet-stream" });
          for (let i = 0; i < 128; i++) res.write(Buffer.alloc(64 * 1024, i));
          res.end();
          return;
        case "/declared-big":
          // Says 8 MiB up front; the client should not wait for any of it.
          res.writeHead(200, { "content-type": "image/jpeg", "content-length": 8 << 20 });
          res.write(image);
          return;
        case "/cut":
          res.writeHead(200, { "content-type": "image/jpeg", "content-length": image.length * 2 });
          res.write(image, () => res.destroy());
          return;
        case "/hang":
          return; // never answers
        default:
          res.writeHead(404);
          res.end("not here");
      }
    });
    base = await listen(server);
  });
  afterAll(() => close(server));

  it("returns the bytes, their type and hash, and the URL asked for", async () => {
    const result = await fetchMedia(`${base}/image.jpg`, limits);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.media.bytes.equals(image)).toBe(true);
    expect(result.media.type).toBe("jpeg");
    expect(result.media.sha256).toBe(createHash("sha256").update(image).digest("hex"));
    expect(result.media.sourceUrl).toBe(`${base}/image.jpg`);
  });

  it("follows a redirect, but not an endless one", async () => {
    const moved = await fetchMedia(`${base}/moved`, limits);
    expect(moved.ok && moved.media.bytes.equals(image)).toBe(true);
    expect(moved.ok && moved.media.sourceUrl).toBe(`${base}/moved`);
    expect(await fetchMedia(`${base}/loop`, limits)).toEqual({
      ok: false,
      failure: { reason: "network", detail: "more than 5 redirects" },
    });
  });

  it("says which way a download failed: status, size, a cut-off body, the deadline", async () => {
    expect(await fetchMedia(`${base}/missing`, limits)).toEqual({
      ok: false,
      failure: { reason: "http_status", detail: "HTTP 404" },
    });

    const big = await fetchMedia(`${base}/big`, limits);
    expect(big.ok).toBe(false);
    if (!big.ok && big.failure.reason === "too_large") {
      // It stopped soon after the cap rather than reading all 8 MiB.
      expect(big.failure.bytesSeen).toBeGreaterThan(limits.maxBytes);
      expect(big.failure.bytesSeen).toBeLessThan(8 << 20);
    } else expect.fail(`expected too_large, got ${JSON.stringify(big)}`);

    expect(await fetchMedia(`${base}/declared-big`, limits)).toEqual({
      ok: false,
      failure: {
        reason: "too_large",
        detail: `declares ${8 << 20} bytes, over ${limits.maxBytes}`,
        bytesSeen: 0,
      },
    });

    const cut = await fetchMedia(`${base}/cut`, limits);
    expect(cut.ok === false && cut.failure.reason).toBe("network");

    const started = Date.now();
    expect(await fetchMedia(`${base}/hang`, { ...limits, timeoutMs: 200 })).toEqual({
      ok: false,
      failure: { reason: "timeout", detail: `${base}/hang` },
    });
    expect(Date.now() - started).toBeLessThan(limits.timeoutMs);
  });

  it.each([
    ["a non-ASCII path", "http://example.test/café.jpg", "non_ascii_url"],
    ["a space", "not a url", "non_ascii_url"],
    ["another scheme", "ftp://example.test/a.jpg", "invalid_url"],
    ["no scheme", "http//missing-colon", "invalid_url"],
  ])("refuses a URL with %s without trying it", async (_, url, reason) => {
    expect(await fetchMedia(url, limits)).toMatchObject({ ok: false, failure: { reason } });
  });
});

describe("fetchMedia: a kept-alive connection the origin closed", () => {
  let server: Server;
  let base: string;
  let requests = 0;
  beforeAll(async () => {
    const served = new WeakMap<object, number>();
    server = createServer((req, res) => {
      requests += 1;
      const onThisConnection = (served.get(req.socket) ?? 0) + 1;
      served.set(req.socket, onThisConnection);
      // As an origin whose keep-alive timeout ran out the moment the next request came: the
      // connection closes without an answer. /always-drops does so on a fresh connection too.
      if (req.url === "/always-drops" || onThisConnection > 1) {
        req.socket.destroy();
        return;
      }
      res.writeHead(200, { "content-type": "image/jpeg", "content-length": image.length });
      res.end(image);
    });
    base = await listen(server);
  });
  afterAll(() => close(server));

  it("sends the GET again on a new connection instead of failing the download", async () => {
    expect((await fetchMedia(`${base}/first.jpg`, limits)).ok).toBe(true);
    requests = 0;
    const again = await fetchMedia(`${base}/second.jpg`, limits);
    expect(again.ok && again.media.bytes.equals(image)).toBe(true);
    // Once on the kept-alive connection (dropped), once on a new one.
    expect(requests).toBe(2);
  });

  it("does not retry a connection that fails fresh: that failure is the origin's", async () => {
    server.closeAllConnections();
    requests = 0;
    const dropped = await fetchMedia(`${base}/always-drops`, limits);
    expect(dropped).toMatchObject({ ok: false, failure: { reason: "network" } });
    expect(requests).toBe(1);
  });
});
