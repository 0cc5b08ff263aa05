import { createHash } from "node:crypto";
import { z } from "zod";
import { authenticateApiKey } from "@/lib/api-keys/authenticate-api-key";
import { requestOriginOf } from "@/lib/audit/request-origin";
import { REQUEST_ID_HEADER, requestIdFrom, withRequestId } from "@/lib/correlation/request-id";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError, isAppError } from "@/lib/errors";
import {
  beginIdempotentRequest,
  completeIdempotentRequest,
  releaseIdempotentRequest,
} from "@/lib/idempotency/idempotent-request";
import { parseInput } from "@/lib/validation";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";
import { type ApiDeps, apiDeps } from "./api-deps";
import { plainProblem, problemFor, problemHeaders, problemResponse } from "./problem";
import type { RouteDef } from "./routes";

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

export type ApiHandlerArgs<R extends RouteDef> = {
  ctx: WorkspaceContext;
  deps: ApiDeps;
  params: Parsed<R["params"]>;
  query: Parsed<R["query"]>;
  body: R["body"] extends { schema: infer S } ? Parsed<S> : undefined;
  /** The request's Idempotency-Key header, for a use case that keeps its own once-only record (answering a person). */
  idempotencyKey: string | null;
};

/** What a handler returns: the response body as use cases give it (dates as Date), encoded by the route's response schema. */
export type ApiHandler<R extends RouteDef> = (
  args: ApiHandlerArgs<R>,
) => Promise<
  | z.output<R["response"]["schema"]>
  | (R["otherResponse"] extends { schema: infer S extends z.ZodType } ? z.output<S> : never)
>;

type RouteContext = { params: Promise<Record<string, string | string[]>> };

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

const NO_QUERY = z.strictObject({});

/**
 * The one wrapper around every /api/v1 handler: authenticates the API key, counts it against
 * the rate limit, checks the route's permission, validates path parameters, query and body with
 * the route's schemas, applies `Idempotency-Key` to POSTs, and turns errors into
 * application/problem+json. Handlers stay a few lines that call use cases.
 */
/**
 * Every API call runs under one correlation id (the caller's X-Request-Id when it is safe to log,
 * else a new one), which its log lines and queued jobs carry and the answer returns (decision 036).
 */
export function withApiKey<R extends RouteDef>(route: R, handler: ApiHandler<R>) {
  const answer = withoutRequestId(route, handler);
  return async (request: Request, context: RouteContext): Promise<Response> => {
    const requestId = requestIdFrom(request.headers.get(REQUEST_ID_HEADER));
    const response = await withRequestId(requestId, () => answer(request, context));
    response.headers.set(REQUEST_ID_HEADER, requestId);
    return response;
  };
}

function withoutRequestId<R extends RouteDef>(route: R, handler: ApiHandler<R>) {
  return async (request: Request, context: RouteContext): Promise<Response> => {
    const deps = apiDeps();
    const instance = new URL(request.url).pathname;
    let rateHeaders: Record<string, string> = {};
    try {
      const ctx = {
        ...(await authenticateApiKey(deps, request.headers.get("authorization"))),
        origin: requestOriginOf(request.headers, deps.trustProxy),
      };
      const budget = await deps.rateLimit.consume(ctx.apiKeyId ?? "");
      rateHeaders = {
        "ratelimit-limit": String(budget.limit),
        "ratelimit-remaining": String(budget.remaining),
      };
      assertCan(ctx, route.permission, route.doing);
      const params = (route.params ? parseInput(route.params, await context.params) : undefined) as Parsed<
        R["params"]
      >;
      // Every route reads its query through a strict schema: one that takes none refuses any.
      const query = parseInput(route.query ?? NO_QUERY, queryOf(new URL(request.url))) as Parsed<R["query"]>;
      const bodyLimit = deps.maxMediaBytes + BODY_OVERHEAD_BYTES;
      if (Number(request.headers.get("content-length") ?? 0) > bodyLimit) throw new PayloadTooLarge();
      const raw = route.method === "GET" ? new Uint8Array() : await readAtMost(request, bodyLimit);
      const sent = route.body ? await readBody(request, route.body.contentType, raw) : undefined;
      const body = route.body && sent ? parseInput(route.body.schema, sent.value) : undefined;
      const key = request.headers.get("idempotency-key");
      const run = async () => {
        const result = await handler({
          ctx,
          deps,
          params,
          query,
          body,
          idempotencyKey: key,
        } as ApiHandlerArgs<R>);
        const answer = route.otherResponse?.matches(result) ? route.otherResponse : route.response;
        return { status: answer.status, body: answer.schema.encode(result) };
      };
      if (route.method !== "POST" || key === null) {
        const result = await run();
        return json(result.status, result.body, rateHeaders);
      }
      return await idempotently(
        deps,
        ctx,
        { key, method: route.method, path: instance, fingerprint: sent?.fingerprint ?? raw },
        run,
        rateHeaders,
      );
    } catch (error) {
      return errorResponse(deps, error, instance, rateHeaders);
    }
  };
}

/**
 * The query's fields, the last of a repeated name winning as with URLSearchParams, but decoded
 * strictly: URLSearchParams turns a sequence that is not UTF-8 (`%FF`, an encoded lone
 * surrogate) into U+FFFD and the value would be looked up as that; it is refused by name instead.
 */
function queryOf(url: URL): Record<string, string> {
  const fields = new Map<string, string>();
  for (const pair of url.search.slice(1).split("&")) {
    if (pair === "") continue;
    const cut = pair.indexOf("=");
    const rawName = cut === -1 ? pair : pair.slice(0, cut);
    const name = decodeQueryPart(rawName, rawName.slice(0, 100));
    fields.set(name, decodeQueryPart(cut === -1 ? "" : pair.slice(cut + 1), name));
  }
  return Object.fromEntries(fields);
}

function decodeQueryPart(text: string, field: string): string {
  try {
    return decodeURIComponent(text.replaceAll("+", " "));
  } catch {
    const message = "Not valid percent-encoded UTF-8.";
    throw new AppError("INVALID_INPUT", `${field}: ${message}`, { fields: { [field]: message } });
  }
}

/**
 * Reads the body, refusing it as soon as it passes `limit`: a chunked upload announces no length,
 * and reading it whole first would let one request fill the server's memory.
 */
async function readAtMost(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  if (!request.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    size += read.value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new PayloadTooLarge();
    }
    chunks.push(read.value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/**
 * The body as a value to validate, and the bytes that identify it for Idempotency-Key: the raw
 * JSON, or for multipart a canonical form of its fields and files' hashes, because a client
 * retrying an upload picks a new multipart boundary for the same content.
 */
async function readBody(
  request: Request,
  contentType: string,
  raw: Uint8Array<ArrayBuffer>,
): Promise<{ value: unknown; fingerprint: Uint8Array }> {
  const sent = request.headers.get("content-type") ?? "";
  if (contentType === "multipart/form-data") {
    if (!sent.startsWith("multipart/form-data")) {
      throw new AppError("INVALID_INPUT", "Send the file as multipart/form-data.", {
        fields: { file: "Send the file as multipart/form-data." },
      });
    }
    const form = await parseMultipart(raw, sent);
    return { value: Object.fromEntries(form.entries()), fingerprint: await formFingerprint(form) };
  }
  if (raw.byteLength === 0) return { value: {}, fingerprint: raw };
  let text: string;
  try {
    // fatal: bytes that are not UTF-8 are refused, not replaced by U+FFFD and stored as such.
    text = new TextDecoder("utf-8", { fatal: true }).decode(raw);
  } catch {
    throw new MalformedBody(
      "MALFORMED_JSON",
      "The request body is not valid UTF-8. Send JSON encoded as UTF-8.",
    );
  }
  try {
    return { value: JSON.parse(text), fingerprint: raw };
  } catch {
    throw new MalformedBody("MALFORMED_JSON", "The request body is not valid JSON.");
  }
}

/**
 * The form in a multipart body. The platform's parser throws a bare TypeError for a content
 * type without a boundary or a body that does not follow it: that is the client's mistake, so
 * it is answered 400 with what to fix, not logged as our failure.
 */
async function parseMultipart(raw: Uint8Array<ArrayBuffer>, contentType: string): Promise<FormData> {
  if (!/;\s*boundary=/i.test(contentType)) {
    throw new MalformedBody(
      "MALFORMED_MULTIPART",
      "The Content-Type multipart/form-data has no boundary parameter. Let your HTTP client build the multipart body and its header.",
    );
  }
  try {
    return await new Response(raw, { headers: { "content-type": contentType } }).formData();
  } catch {
    throw new MalformedBody(
      "MALFORMED_MULTIPART",
      "The request body is not a multipart/form-data body matching the boundary in its Content-Type.",
    );
  }
}

async function formFingerprint(form: FormData): Promise<Uint8Array> {
  const hash = createHash("sha256");
  const entries = [...form.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [name, value] of entries) {
    if (typeof value === "string") {
      hash.update(`${name}\0s\0${value}\0`);
    } else {
      const bytes = createHash("sha256")
        .update(new Uint8Array(await value.arrayBuffer()))
        .digest("hex");
      hash.update(`${name}\0f\0${value.name}\0${value.type}\0${bytes}\0`);
    }
  }
  return hash.digest();
}

/** A body that cannot be read at all (answered 400), as opposed to one whose fields are refused (422). */
class MalformedBody extends Error {
  constructor(
    readonly code: "MALFORMED_JSON" | "MALFORMED_MULTIPART",
    message: string,
  ) {
    super(message);
  }
}
class PayloadTooLarge extends Error {}

/** Room for multipart boundaries and form fields around the largest accepted file. */
const BODY_OVERHEAD_BYTES = 1024 * 1024;

async function idempotently(
  deps: ApiDeps,
  ctx: WorkspaceContext,
  request: { key: string; method: string; path: string; fingerprint: Uint8Array },
  run: () => Promise<{ status: number; body: unknown }>,
  headers: Record<string, string>,
): Promise<Response> {
  if (!IDEMPOTENCY_KEY.test(request.key)) {
    const message = "Idempotency-Key must be 1 to 255 visible ASCII characters, e.g. a UUID.";
    throw new AppError("INVALID_INPUT", message, { fields: { "Idempotency-Key": message } });
  }
  const start = await beginIdempotentRequest(deps, {
    workspaceId: ctx.workspaceId,
    apiKeyId: ctx.apiKeyId ?? "",
    key: request.key,
    method: request.method,
    path: request.path,
    body: request.fingerprint,
  });
  if (start.kind === "replay") {
    return json(start.status, start.body, { ...headers, "idempotent-replayed": "true" });
  }
  let outcome: { status: number; body: unknown };
  try {
    outcome = await run();
  } catch (error) {
    if (!isAppError(error)) {
      await releaseIdempotentRequest(deps.db, start.id).catch(() => undefined);
      throw error;
    }
    // A refusal is the request's answer too: a retry with the same key gets the same refusal.
    const problem = problemFor(error, request.path);
    outcome = { status: problem.status, body: problem };
  }
  try {
    await completeIdempotentRequest(deps.db, start.id, {
      status: outcome.status,
      body: outcome.body as Prisma.InputJsonValue,
    });
  } catch (error) {
    // The answer is known but cannot be kept: leaving the key "in flight" would refuse every
    // retry for 24 hours. Released, a retry runs the request again; the answer is still sent.
    deps.logger.error(
      { err: error, path: request.path, status: outcome.status },
      "Could not record the answer for an Idempotency-Key; the key is released",
    );
    await releaseIdempotentRequest(deps.db, start.id).catch(() => undefined);
  }
  return json(outcome.status, outcome.body, headers);
}

function json(status: number, body: unknown, headers: Record<string, string>): Response {
  const isProblem = typeof body === "object" && body !== null && "type" in body && status >= 400;
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      "content-type": isProblem ? "application/problem+json" : "application/json",
      "cache-control": "no-store",
      ...headers,
    },
  });
}

function errorResponse(deps: ApiDeps, error: unknown, instance: string, headers: Record<string, string>) {
  if (isAppError(error)) {
    return problemResponse(problemFor(error, instance), { ...headers, ...problemHeaders(error) });
  }
  if (error instanceof PayloadTooLarge) {
    const detail = `The request body is larger than the ${deps.maxMediaBytes} bytes a file may have.`;
    return problemResponse(plainProblem(413, "PAYLOAD_TOO_LARGE", detail, instance), headers);
  }
  if (error instanceof MalformedBody) {
    return problemResponse(plainProblem(400, error.code, error.message, instance), headers);
  }
  deps.logger.error({ err: error, path: instance }, "API request failed");
  return problemResponse(
    plainProblem(
      500,
      "INTERNAL",
      "Something went wrong on our side. It was logged; try again later.",
      instance,
    ),
    headers,
  );
}
