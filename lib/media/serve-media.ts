import { contentTypeOfKey, isMediaKey } from "./media-key";
import { verifyMediaSignature } from "./signed-url";
import type { ByteRange, MediaStorage } from "./storage";

/** Framework-free HTTP answer, so the Next route is a thin wrapper and this is testable on its own. */
export type MediaResponse = {
  status: 200 | 206 | 403 | 404 | 416;
  headers: Record<string, string>;
  body: ReadableStream<Uint8Array> | string | null;
};

const REFUSALS = {
  missing: "This media link is missing its signature.",
  malformed: "This media link is not valid.",
  invalid: "This media link is not valid.",
  expired: "This media link has expired.",
} as const;

function plain(
  status: MediaResponse["status"],
  text: string,
  headers: Record<string, string> = {},
): MediaResponse {
  return {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", ...headers },
    body: text,
  };
}

/**
 * Reads one `bytes=` range. Anything this server does not honour (several ranges, bad syntax)
 * yields null: HTTP lets a server ignore Range and answer 200 with the whole file, which every
 * client handles. "unsatisfiable" means a well-formed range that lies beyond the end.
 */
export function parseRange(header: string | null, size: number): ByteRange | null | "unsatisfiable" {
  const match = header?.trim().match(/^bytes=(\d*)-(\d*)$/);
  if (!match) return null;
  const [, first = "", last = ""] = match;
  if (first === "" && last === "") return null;
  if (first === "") {
    // "-N": the last N bytes.
    const length = Number(last);
    if (!Number.isSafeInteger(length)) return null;
    if (length === 0 || size === 0) return "unsatisfiable";
    return { start: Math.max(0, size - length), end: size - 1 };
  }
  const start = Number(first);
  const end = last === "" ? Number.MAX_SAFE_INTEGER : Number(last);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || end < start) return null;
  if (start >= size) return "unsatisfiable";
  return { start, end: Math.min(end, size - 1) };
}

/**
 * Answers GET or HEAD for `/media/<key>?exp=…&sig=…`: the stored bytes (whole or one range) when
 * the signature is valid and unexpired, 403 with a short reason otherwise, 404 when nothing is
 * stored under the key. The body is streamed from storage, never read into memory.
 */
export async function serveMedia(
  deps: { storage: MediaStorage; secret: string; now?: Date },
  request: { method: "GET" | "HEAD"; key: string; query: URLSearchParams; range: string | null },
): Promise<MediaResponse> {
  const now = deps.now ?? new Date();
  const check = verifyMediaSignature({
    storageKey: request.key,
    exp: request.query.get("exp"),
    sig: request.query.get("sig"),
    secret: deps.secret,
    now,
  });
  if (!check.ok) return plain(403, REFUSALS[check.reason]);
  // A valid signature means we issued the key, so it is well-formed; checked again regardless,
  // because storage must never see a key shaped by a request.
  if (!isMediaKey(request.key)) return plain(404, "Not found.");
  const stat = await deps.storage.stat(request.key);
  if (!stat) return plain(404, "Not found.");

  const size = stat.sizeBytes;
  const range = parseRange(request.range, size);
  const headers: Record<string, string> = {
    "Content-Type": contentTypeOfKey(request.key),
    "Accept-Ranges": "bytes",
    // The URL stops working at exp, so no cache should keep it longer; "private" keeps shared
    // caches from serving it to anyone who did not get the link.
    "Cache-Control": `private, max-age=${Math.max(0, Math.floor((check.expiresAt.getTime() - now.getTime()) / 1000))}`,
  };
  if (range === "unsatisfiable") {
    return plain(416, "The requested range is outside the file.", { "Content-Range": `bytes */${size}` });
  }
  if (range) {
    headers["Content-Range"] = `bytes ${range.start}-${range.end}/${size}`;
    headers["Content-Length"] = String(range.end - range.start + 1);
  } else {
    headers["Content-Length"] = String(size);
  }
  const status = range ? 206 : 200;
  if (request.method === "HEAD") return { status, headers, body: null };
  const body = await deps.storage.get(request.key, range ?? undefined);
  // Deleted between stat and get.
  if (!body) return plain(404, "Not found.");
  return { status, headers, body };
}
