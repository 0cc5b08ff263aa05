import { createHash } from "node:crypto";
import http from "node:http";
import https from "node:https";
import { type MediaType, sniffMediaType } from "./sniff-media-type";

export interface FetchedMedia {
  bytes: Buffer;
  type: MediaType;
  sha256: string;
  sourceUrl: string | null;
}

export type FetchFailure =
  | { reason: "invalid_url" | "non_ascii_url" | "network" | "http_status"; detail: string }
  | { reason: "timeout"; detail: string }
  | { reason: "too_large"; detail: string; bytesSeen: number };

export type FetchResult = { ok: true; media: FetchedMedia } | { ok: false; failure: FetchFailure };

export function describeBytes(bytes: Buffer, sourceUrl: string | null): FetchedMedia {
  return {
    bytes,
    type: sniffMediaType(bytes),
    sha256: createHash("sha256").update(bytes).digest("hex"),
    sourceUrl,
  };
}

// Meta requires a public, US-ASCII URL; anything else is refused before a download is tried.
const US_ASCII = /^[\x21-\x7e]+$/;

// Kept-alive connections: a burst makes thousands of downloads from the same media origin, and
// fetch() cost several times node:http's CPU per download (measured in the publish benchmark,
// where the simulator's downloads were most of its CPU).
const agents = {
  "http:": new http.Agent({ keepAlive: true }),
  "https:": new https.Agent({ keepAlive: true }),
};
/** fetch() follows 20; a media URL that needs more than a few is broken. */
const MAX_REDIRECTS = 5;

/**
 * Downloads media like the platforms do: a real HTTP GET, following redirects, with a deadline and
 * a size cap (the download stops once it passes `maxBytes`, so a 2 GB file does not fill the
 * simulator's memory).
 */
export async function fetchMedia(
  url: string,
  limits: { timeoutMs: number; maxBytes: number },
): Promise<FetchResult> {
  if (!US_ASCII.test(url)) return { ok: false, failure: { reason: "non_ascii_url", detail: url } };
  const parsed = httpUrl(url);
  if (!parsed) return { ok: false, failure: { reason: "invalid_url", detail: url } };
  let target = parsed;
  const deadline = Date.now() + limits.timeoutMs;
  for (let redirects = 0; ; redirects++) {
    const step = await download(target, limits.maxBytes, deadline);
    if (step.kind === "body") return { ok: true, media: describeBytes(step.bytes, url) };
    if (step.kind === "failed") {
      const { failure } = step;
      return {
        ok: false,
        failure: failure.reason === "timeout" ? { reason: "timeout", detail: url } : failure,
      };
    }
    const next = httpUrl(step.location, target);
    if (!next) return { ok: false, failure: { reason: "invalid_url", detail: step.location } };
    if (redirects >= MAX_REDIRECTS) {
      return { ok: false, failure: { reason: "network", detail: `more than ${MAX_REDIRECTS} redirects` } };
    }
    target = next;
  }
}

function httpUrl(text: string, base?: URL): URL | null {
  try {
    const url = new URL(text, base);
    return url.protocol === "http:" || url.protocol === "https:" ? url : null;
  } catch {
    return null;
  }
}

type Step =
  | { kind: "body"; bytes: Buffer }
  | { kind: "failed"; failure: FetchFailure }
  | { kind: "redirect"; location: string };

/** One GET: the body, a failure, or where a redirect points. */
function download(url: URL, maxBytes: number, deadline: number): Promise<Step> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (step: Step) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(step);
    };
    const fail = (failure: FetchFailure) => settle({ kind: "failed", failure });
    const transport = url.protocol === "https:" ? https : http;
    let answered = false;
    const request = transport.get(url, { agent: agents[url.protocol as "http:" | "https:"] }, (response) => {
      answered = true;
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (status >= 300 && status < 400 && location) {
        response.resume();
        settle({ kind: "redirect", location });
        return;
      }
      if (status < 200 || status >= 300) {
        response.resume();
        fail({ reason: "http_status", detail: `HTTP ${status}` });
        return;
      }
      // A declared size over the cap is refused before any byte is read, as the platforms do; the
      // count below still stops a body that declares nothing or lies.
      const declared = Number(response.headers["content-length"]);
      if (declared > maxBytes) {
        fail({ reason: "too_large", detail: `declares ${declared} bytes, over ${maxBytes}`, bytesSeen: 0 });
        request.destroy();
        return;
      }
      const chunks: Buffer[] = [];
      let total = 0;
      response.on("data", (chunk: Buffer) => {
        total += chunk.length;
        if (total > maxBytes) {
          fail({ reason: "too_large", detail: `over ${maxBytes} bytes`, bytesSeen: total });
          request.destroy();
          return;
        }
        chunks.push(chunk);
      });
      response.on("end", () => settle({ kind: "body", bytes: Buffer.concat(chunks) }));
      // The connection dropped before the body ended.
      response.on("close", () => {
        if (!response.complete) fail({ reason: "network", detail: "the download was cut off" });
      });
    });
    const timer = setTimeout(
      () => {
        fail({ reason: "timeout", detail: url.href });
        request.destroy();
      },
      Math.max(0, deadline - Date.now()),
    );
    request.on("error", (error: NodeJS.ErrnoException) => {
      // A kept-alive connection the origin closed while idle (its keep-alive timeout) fails the
      // next request sent on it, often with several at once when a burst follows a pause. Nothing
      // was answered, so the GET goes again on another connection, as fetch() and the platforms'
      // fetchers do; a failure on a fresh connection is the origin's and stands.
      const dropped = error.code === "ECONNRESET" || error.code === "EPIPE";
      if (!settled && !answered && request.reusedSocket && dropped) {
        settled = true;
        clearTimeout(timer);
        resolve(download(url, maxBytes, deadline));
        return;
      }
      fail({ reason: "network", detail: error.message });
    });
  });
}
