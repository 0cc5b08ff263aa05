import { PublisherError } from "./publisher-error";

export interface HttpAnswer {
  status: number;
  headers: Headers;
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

/**
 * One HTTP exchange with a deadline. A network failure or a timeout becomes a `retryable`
 * PublisherError: the request may or may not have reached the platform, which is exactly why the
 * pipeline reconciles (findPublished) before it publishes again. Any HTTP status is returned, not
 * thrown: each host has its own error format and its own classifier.
 */
export async function sendHttp(
  url: string,
  init: { method: string; headers?: Record<string, string>; body?: string },
  options: { timeoutMs: number; secrets: readonly (string | undefined)[]; platformLabel: string },
): Promise<HttpAnswer> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(options.timeoutMs) });
    text = await response.text();
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
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
  return { status: response.status, headers: response.headers, text, json: parseJson(text) };
}
