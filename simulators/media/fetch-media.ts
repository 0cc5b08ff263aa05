import { createHash } from "node:crypto";
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

/**
 * Downloads media like the platforms do: a real HTTP GET, with a deadline and a size cap (the
 * download stops once it passes `maxBytes`, so a 2 GB file does not fill the simulator's memory).
 */
export async function fetchMedia(
  url: string,
  limits: { timeoutMs: number; maxBytes: number },
): Promise<FetchResult> {
  if (!US_ASCII.test(url)) return { ok: false, failure: { reason: "non_ascii_url", detail: url } };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, failure: { reason: "invalid_url", detail: url } };
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    return { ok: false, failure: { reason: "invalid_url", detail: url } };
  }
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), limits.timeoutMs);
  try {
    const response = await fetch(parsed, { signal: controller.signal, redirect: "follow" });
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      return { ok: false, failure: { reason: "http_status", detail: `HTTP ${response.status}` } };
    }
    const chunks: Uint8Array[] = [];
    let total = 0;
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limits.maxBytes) {
        await reader.cancel();
        return {
          ok: false,
          failure: { reason: "too_large", detail: `over ${limits.maxBytes} bytes`, bytesSeen: total },
        };
      }
      chunks.push(value);
    }
    return { ok: true, media: describeBytes(Buffer.concat(chunks), url) };
  } catch (error) {
    if (controller.signal.aborted) return { ok: false, failure: { reason: "timeout", detail: url } };
    return {
      ok: false,
      failure: { reason: "network", detail: error instanceof Error ? error.message : String(error) },
    };
  } finally {
    clearTimeout(timer);
  }
}
