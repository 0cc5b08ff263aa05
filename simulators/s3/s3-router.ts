import type { SimState } from "../core/sim-state";
import type { SimRequest } from "../http/read-request";
import type { RouteMatch } from "../http/route-match";
import type { SimResponse } from "../http/sim-response";

/**
 * A small S3-compatible object store under `/s3`, so StoryRelay's S3 media driver is tested over
 * real HTTP with the real AWS SDK (no S3 server is installable here). Path-style addressing only
 * (`/s3/<bucket>/<key>`); PutObject, GetObject (with one byte range), HeadObject, DeleteObject.
 * Requests must be SigV4-signed with the sandbox access key; the signature itself is not
 * recomputed (this stands in for storage, not for AWS's authentication). Buckets spring into
 * existence on first write; objects live in memory.
 */
export const S3_SANDBOX_CREDENTIALS = {
  accessKeyId: "storyrelay-sandbox",
  secretAccessKey: "storyrelay-sandbox-secret-key",
} as const;

type StoredObject = { bytes: Buffer; contentType: string; lastModified: Date };

const stores = new WeakMap<SimState, Map<string, StoredObject>>();

function storeOf(state: SimState): Map<string, StoredObject> {
  let store = stores.get(state);
  if (!store) {
    store = new Map();
    stores.set(state, store);
  }
  return store;
}

function s3Error(status: number, code: string, message: string): SimResponse {
  return {
    status,
    contentType: "application/xml",
    body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
  };
}

/** The access key of a SigV4 Authorization header, or null when the header is not SigV4. */
export function sigV4AccessKey(authorization: string | undefined): string | null {
  const match =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/\d{8}\/[^/]+\/s3\/aws4_request, ?SignedHeaders=[a-z0-9;-]+, ?Signature=[0-9a-f]{64}$/.exec(
      authorization ?? "",
    );
  return match?.[1] ?? null;
}

/**
 * The SDK may send a streamed body in `aws-chunked` encoding: `<hex size>;chunk-signature=…\r\n
 * <bytes>\r\n` repeated, ending with a zero-size chunk (and optional trailers).
 */
function decodeAwsChunked(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = body.indexOf("\r\n", offset);
    if (lineEnd === -1) break;
    const size = Number.parseInt(body.subarray(offset, lineEnd).toString("latin1").split(";")[0] ?? "", 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

function range(header: string | undefined, size: number): { start: number; end: number } | null {
  const match = /^bytes=(\d+)-(\d*)$/.exec(header ?? "");
  if (!match) return null;
  const start = Number(match[1]);
  const end = match[2] ? Math.min(Number(match[2]), size - 1) : size - 1;
  return start <= end ? { start, end } : null;
}

function handle(state: SimState, req: SimRequest): SimResponse {
  if (sigV4AccessKey(String(req.headers.authorization ?? "")) !== S3_SANDBOX_CREDENTIALS.accessKeyId)
    return s3Error(
      403,
      "InvalidAccessKeyId",
      "The AWS Access Key Id you provided does not exist in our records.",
    );
  const slash = req.path.indexOf("/");
  if (slash <= 0 || slash === req.path.length - 1)
    return s3Error(400, "InvalidRequest", "Path-style /bucket/key only.");
  const id = req.path;
  const store = storeOf(state);
  const object = store.get(id);
  switch (req.method) {
    case "PUT": {
      const encoding = String(req.headers["content-encoding"] ?? "");
      const bytes = encoding.includes("aws-chunked") ? decodeAwsChunked(req.body) : req.body;
      const contentType = String(req.headers["content-type"] ?? "binary/octet-stream");
      store.set(id, { bytes: Buffer.from(bytes), contentType, lastModified: new Date() });
      return { status: 200, headers: { etag: `"${bytes.byteLength}"` }, body: "" };
    }
    case "GET":
    case "HEAD": {
      if (!object)
        return req.method === "HEAD"
          ? { status: 404, body: "" }
          : s3Error(404, "NoSuchKey", "The specified key does not exist.");
      const size = object.bytes.byteLength;
      const wanted = range(String(req.headers.range ?? ""), size);
      const bytes = wanted ? object.bytes.subarray(wanted.start, wanted.end + 1) : object.bytes;
      const headers: Record<string, string> = {
        "accept-ranges": "bytes",
        "last-modified": object.lastModified.toUTCString(),
        "content-length": String(bytes.byteLength),
        ...(wanted ? { "content-range": `bytes ${wanted.start}-${wanted.end}/${size}` } : {}),
      };
      return {
        status: wanted ? 206 : 200,
        headers,
        contentType: object.contentType,
        body: req.method === "HEAD" ? "" : bytes,
      };
    }
    case "DELETE":
      store.delete(id);
      return { status: 204, body: "" };
    default:
      return s3Error(405, "MethodNotAllowed", `${req.method} is not supported here.`);
  }
}

export function matchS3(state: SimState, req: SimRequest): RouteMatch {
  return { style: "control", handle: () => handle(state, req) };
}
