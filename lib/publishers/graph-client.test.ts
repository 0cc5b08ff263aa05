import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { appSecretProof, createGraphClient } from "./graph-client";
import { isPublisherError, type PublisherError } from "./publisher-error";

const TOKEN = "EAAtoken123";

interface Seen {
  url: URL;
  init: { method: string; headers: Headers; body: string };
}

// A real HTTP server stands in for the Graph API: each test says how it answers.
let respond: (seen: Seen) => Response | Promise<Response> = () => Response.json({});
let seen: Seen[] = [];
let base = "";
const server = http.createServer(async (request, response) => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers))
    if (typeof value === "string") headers.set(name, value);
  const call = {
    url: new URL(request.url ?? "/", base),
    init: { method: request.method ?? "GET", headers, body: Buffer.concat(chunks).toString("utf8") },
  };
  seen.push(call);
  const answer = await respond(call);
  response.writeHead(answer.status, Object.fromEntries(answer.headers));
  response.end(await answer.text());
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function stubServer(answer: (seen: Seen) => Response | Promise<Response>): Seen[] {
  respond = answer;
  seen = [];
  return seen;
}

const client = (extra: Partial<Parameters<typeof createGraphClient>[0]> = {}) =>
  createGraphClient({
    baseUrl: `${base}/facebook/`,
    accessToken: TOKEN,
    timeoutMs: 1_000,
    platform: "Facebook",
    ...extra,
  });

async function failure(promise: Promise<unknown>): Promise<PublisherError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isPublisherError(error)) throw new Error(`expected a PublisherError, got ${String(error)}`);
  return error;
}

describe("appSecretProof", () => {
  it("is the hex HMAC-SHA256 of the token keyed by the app secret", () => {
    // Reference value from: echo -n EAAtoken123 | openssl dgst -sha256 -hmac app-secret
    expect(appSecretProof(TOKEN, "app-secret")).toBe(
      "d983f3e685816babf41844f26684935595cd534c63c02f6167d31fec4ca34f1a",
    );
  });
});

describe("createGraphClient", () => {
  it("GETs a versioned path with the token as Bearer and parameters in the query", async () => {
    const seen = stubServer(() => Response.json({ id: "1" }));
    const { data } = await client().request({
      method: "GET",
      path: "123",
      params: { fields: "id,name" },
      schema: z.object({ id: z.string() }),
    });
    expect(data).toEqual({ id: "1" });
    expect(seen[0]?.url.pathname).toBe("/facebook/v25.0/123");
    expect(seen[0]?.url.searchParams.get("fields")).toBe("id,name");
    expect(seen[0]?.url.searchParams.has("access_token")).toBe(false);
    expect(seen[0]?.init.headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
  });

  it("adds appsecret_proof when an app secret is given, and honours apiVersion", async () => {
    const seen = stubServer(() => Response.json({ id: "1" }));
    await client({ appSecret: "app-secret", apiVersion: "v26.0" }).request({
      method: "POST",
      path: "123/media",
      params: { media_type: "STORIES", skip: undefined },
      schema: z.object({ id: z.string() }),
    });
    expect(seen[0]?.url.pathname).toBe("/facebook/v26.0/123/media");
    const form = new URLSearchParams(String(seen[0]?.init.body));
    expect(form.get("media_type")).toBe("STORIES");
    expect(form.has("skip")).toBe(false);
    expect(form.get("appsecret_proof")).toBe(appSecretProof(TOKEN, "app-secret"));
    expect(seen[0]?.init.headers.get("content-type")).toBe("application/x-www-form-urlencoded");
  });

  it("sends JSON bodies on request", async () => {
    const seen = stubServer(() => Response.json({ ok: true }));
    await client().request({
      method: "POST",
      path: "x",
      params: { a: 1 },
      body: "json",
      schema: z.object({ ok: z.boolean() }),
    });
    expect(JSON.parse(String(seen[0]?.init.body))).toEqual({ a: "1" });
  });

  it("puts the token in the query for unversioned token endpoints", async () => {
    const seen = stubServer(() => Response.json({ access_token: "new" }));
    await client().request({
      method: "GET",
      path: "refresh_access_token",
      params: { grant_type: "ig_refresh_token" },
      versioned: false,
      tokenIn: "query",
      schema: z.object({ access_token: z.string() }),
    });
    expect(seen[0]?.url.pathname).toBe("/facebook/refresh_access_token");
    expect(seen[0]?.url.searchParams.get("access_token")).toBe(TOKEN);
  });

  it("hands usage headers to onUsage and returns them", async () => {
    stubServer(() =>
      Response.json(
        { id: "1" },
        { headers: { "x-app-usage": '{"call_count":91,"total_time":3,"total_cputime":2}' } },
      ),
    );
    const onUsage = vi.fn();
    const result = await client({ onUsage }).request({
      method: "GET",
      path: "1",
      schema: z.object({ id: z.string() }),
    });
    expect(result.usage?.maxPercent).toBe(91);
    expect(onUsage).toHaveBeenCalledWith(result.usage);
  });

  it("classifies an error envelope, with the wait from the usage headers", async () => {
    stubServer(() =>
      Response.json(
        { error: { message: "(#80001) too many calls", code: 80001, is_transient: true } },
        {
          status: 400,
          headers: {
            "x-business-use-case-usage":
              '{"1":[{"type":"pages","call_count":100,"total_time":1,"total_cputime":1,"estimated_time_to_regain_access":3}]}',
          },
        },
      ),
    );
    const error = await failure(client().request({ method: "GET", path: "1", schema: z.unknown() }));
    expect(error).toMatchObject({ errorClass: "rate_limited", retryAfterMs: 180_000, platformCode: "80001" });
  });

  it("never lets the token into an error", async () => {
    stubServer(() => Response.json({ error: { message: `Bad token ${TOKEN}`, code: 190 } }, { status: 400 }));
    const error = await failure(client().request({ method: "GET", path: "1", schema: z.unknown() }));
    expect(error.errorClass).toBe("reauth_required");
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain(TOKEN);
    expect(error.platformMessage).toContain("[redacted]");
  });

  it("turns an unexpected success body into a retryable error", async () => {
    stubServer(() => new Response("<html>proxy</html>", { status: 200 }));
    const error = await failure(
      client().request({ method: "GET", path: "1", schema: z.object({ id: z.string() }) }),
    );
    expect(error.errorClass).toBe("retryable");
  });

  it("turns a network failure and a timeout into retryable errors", async () => {
    // Nothing listens on the discard port.
    const network = await failure(
      client({ baseUrl: "http://127.0.0.1:9/facebook/" }).request({
        method: "GET",
        path: "1",
        schema: z.unknown(),
      }),
    );
    expect(network).toMatchObject({ errorClass: "retryable", platformCode: "network" });
    expect(network.platformMessage).toContain("ECONNREFUSED");

    // A server that never answers.
    stubServer(() => new Promise<Response>(() => undefined));
    const timeout = await failure(
      client({ timeoutMs: 20 }).request({ method: "GET", path: "1", schema: z.unknown() }),
    );
    expect(timeout).toMatchObject({ errorClass: "retryable", platformCode: "timeout" });
  });

  it("uploads with Authorization: OAuth and classifies rupload errors", async () => {
    const seen = stubServer(() =>
      Response.json(
        { debug_info: { retriable: false, type: "OAuthException", message: "expired" } },
        { status: 401 },
      ),
    );
    const error = await failure(
      client().upload(`${base}/rupload/video-upload/v25.0/1`, { file_url: "https://m/x.mp4" }, z.unknown()),
    );
    expect(seen[0]?.init.headers.get("authorization")).toBe(`OAuth ${TOKEN}`);
    expect(seen[0]?.init.headers.get("file_url")).toBe("https://m/x.mp4");
    expect(error.errorClass).toBe("reauth_required");
  });
});
