import type { IncomingHttpHeaders, IncomingMessage } from "node:http";

/** A request as the handlers see it: whatever style the caller used, parameters end up in `params`. */
export interface SimRequest {
  method: string;
  /** Path below the host prefix, without the leading slash: "v25.0/123/media". */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Query string, form fields (urlencoded or multipart) and JSON body, merged; the body wins. */
  params: Map<string, string>;
  /** Multipart file parts by field name. */
  files: Map<string, Buffer>;
  /** The parsed JSON body, untouched, for APIs with nested bodies (WAHA). */
  json: unknown;
  /** "http://host:port" as the caller reached us, for URLs we hand back (upload URLs, media URLs). */
  origin: string;
  /** Simulated time the request arrived. */
  receivedAt: number;
  /** The caller's IP address, so a ledger entry can say which machine published it. */
  remoteAddress: string;
  /** Set by a container_error fault: the container will end in ERROR with this subcode. */
  forcedContainerError?: { subcode: number; message: string };
}

export class BodyTooLargeError extends Error {}

const EMPTY = Buffer.alloc(0);

export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  if (req.headers["content-length"] === undefined && req.headers["transfer-encoding"] === undefined) {
    return EMPTY;
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.byteLength;
    if (total > maxBytes) throw new BodyTooLargeError(`request body over ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
}

function stringify(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

function parseMultipart(
  body: Buffer,
  boundary: string,
  params: Map<string, string>,
  files: Map<string, Buffer>,
) {
  const delimiter = Buffer.from(`--${boundary}`);
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const partStart = start + delimiter.length + 2; // skip CRLF after the delimiter
    const next = body.indexOf(delimiter, partStart);
    if (next === -1) break;
    const part = body.subarray(partStart, next - 2); // drop the CRLF before the next delimiter
    const headerEnd = part.indexOf("\r\n\r\n");
    if (headerEnd !== -1) {
      const head = part.subarray(0, headerEnd).toString("utf8");
      const content = part.subarray(headerEnd + 4);
      const name = /name="([^"]*)"/i.exec(head)?.[1];
      if (name !== undefined) {
        if (/filename="/i.test(head)) files.set(name, Buffer.from(content));
        else params.set(name, content.toString("utf8"));
      }
    }
    start = next;
  }
}

/** Fills params/files/json from the body according to its Content-Type. */
export function parseBody(request: SimRequest): void {
  const { body, params } = request;
  if (body.byteLength === 0) return;
  const type = String(request.headers["content-type"] ?? "").toLowerCase();
  if (type.startsWith("application/json")) {
    try {
      request.json = JSON.parse(body.toString("utf8"));
    } catch {
      request.json = undefined;
      return;
    }
    if (request.json && typeof request.json === "object" && !Array.isArray(request.json)) {
      for (const [key, value] of Object.entries(request.json)) {
        if (value !== undefined && value !== null) params.set(key, stringify(value));
      }
    }
  } else if (type.startsWith("application/x-www-form-urlencoded")) {
    for (const [key, value] of new URLSearchParams(body.toString("utf8"))) params.set(key, value);
  } else if (type.startsWith("multipart/form-data")) {
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(type);
    const raw = boundary?.[1] ?? boundary?.[2];
    // The boundary is case-sensitive: take it from the original header, not the lower-cased copy.
    const original = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(String(request.headers["content-type"]));
    if (raw) parseMultipart(body, original?.[1] ?? original?.[2] ?? raw, params, request.files);
  }
}
