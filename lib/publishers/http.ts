import http from "node:http";
import https from "node:https";
import { PublisherError } from "./publisher-error";

export interface HttpAnswer {
  status: number;
  headers: HeaderReader;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON (plain-text 5xx pages, empty bodies). */
  json: unknown;
}

/** Replaces every secret in a text: platform messages and network errors can echo URLs or headers. */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join("[redacted]");
  }
  return out;
}

function parseJson(text: string): unknown {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

// Kept-alive connections per host: a burst makes thousands of calls to the same few hosts.
const agents = {
  "http:": new http.Agent({ keepAlive: true }),
  "https:": new https.Agent({ keepAlive: true }),
};

/**
 * One HTTP exchange with a deadline. A network failure or a timeout becomes a `retryable`
 * PublisherError: the request may or may not have reached the platform, which is exactly why the
 * pipeline reconciles (findPublished) before it publishes again. Any HTTP status is returned, not
 * thrown: each host has its own error format and its own classifier.
 *
 * node:http rather than fetch: the pipeline makes several calls per story and channel, and
 * fetch cost about three times the CPU per call (measured under a publish burst).
 */
export async function sendHttp(
  url: string,
  init: { method: string; headers?: Record<string, string>; body?: string },
  options: { timeoutMs: number; secrets: readonly (string | undefined)[]; platformLabel: string },
): Promise<HttpAnswer> {
  let answer: { status: number; headers: HeaderReader; text: string };
  try {
    answer = await exchange(new URL(url), init, options.timeoutMs);
  } catch (error) {
    const timedOut = error instanceof TimeoutError;
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : "";
    const detail = error instanceof Error ? `${error.message}${cause}` : String(error);
    throw new PublisherError({
      errorClass: "retryable",
      platformCode: timedOut ? "timeout" : "network",
      platformMessage: redact(
        timedOut ? `no answer within ${options.timeoutMs} ms` : detail,
        options.secrets,
      ),
      advice: timedOut
        ? `${options.platformLabel} did not answer in time; StoryRelay will check and try again.`
        : `${options.platformLabel} could not be reached; StoryRelay will check and try again.`,
    });
  }
  return { ...answer, json: parseJson(answer.text) };
}

class TimeoutError extends Error {}

function exchange(
  url: URL,
  init: { method: string; headers?: Record<string, string>; body?: string },
  timeoutMs: number,
): Promise<{ status: number; headers: HeaderReader; text: string }> {
  const transport = url.protocol === "https:" ? https : url.protocol === "http:" ? http : null;
  if (!transport) return Promise.reject(new Error(`unsupported protocol ${url.protocol}`));
  return new Promise((resolve, reject) => {
    // The reset below may surface as the socket's own error before the request's: whichever
    // comes first, a call given up at its deadline is reported as a timeout.
    let timedOut = false;
    const headers = { ...init.headers };
    if (init.body !== undefined) headers["content-length"] = String(Buffer.byteLength(init.body));
    const request = transport.request(
      url,
      { method: init.method, headers, agent: agents[url.protocol as "http:" | "https:"] },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", (error) => {
          clearTimeout(deadline);
          reject(timedOut ? new TimeoutError("timeout") : error);
        });
        response.on("end", () => {
          clearTimeout(deadline);
          resolve({
            status: response.statusCode ?? 0,
            headers: headerReader(response.headers),
            text: Buffer.concat(chunks).toString("utf8"),
          });
        });
      },
    );
    // A deadline for the whole exchange, not just for a silent socket. The connection is reset,
    // not closed: a close would leave the request's unsent bytes in the kernel, still trying to
    // reach the platform (a network that went away and came back) after we gave the call up and
    // another run may have published; a reset drops them.
    const deadline = setTimeout(() => {
      timedOut = true;
      request.socket?.resetAndDestroy();
      request.destroy(new TimeoutError("timeout"));
    }, timeoutMs);
    request.on("error", (error) => {
      clearTimeout(deadline);
      reject(timedOut ? new TimeoutError("timeout") : error);
    });
    request.end(init.body);
  });
}

/** What callers read of an answer's headers: a name, case-insensitive, several values joined. */
export type HeaderReader = Pick<Headers, "get">;

// Over node's own header object: a WHATWG Headers built for every answer was a visible share
// of a publish's CPU, and callers only ever look up a name or two.
function headerReader(raw: http.IncomingHttpHeaders): HeaderReader {
  return {
    get(name) {
      const value = raw[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(", ") : value;
    },
  };
}
