/**
 * What a handler returns. Handlers never touch the socket, so the dispatcher can apply
 * "after" faults (replace the answer of a call that already took effect) and usage headers.
 */
export interface SimResponse {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
  /** Set for non-JSON bodies (HTML, media bytes, plain text). */
  contentType?: string;
}

export function json(body: unknown, status = 200, headers?: Record<string, string>): SimResponse {
  return { status, body, headers };
}

/** Thrown by handlers to answer with an error body; the dispatcher turns it into a response. */
export class SimHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(typeof body === "object" && body !== null ? JSON.stringify(body) : String(body));
    this.name = "SimHttpError";
  }
}
