import type { SimulatorOptionsInput } from "@/simulators/core/simulator-options";
import { startSimulator } from "@/simulators/server";

/** Bodies of simulator answers: tests check their shape with assertions, not with types. */
// biome-ignore lint/suspicious/noExplicitAny: response bodies are asserted on, field by field
export type Json = any;

export interface HttpResult<T = Json> {
  status: number;
  body: T;
  headers: Headers;
}

export type ParamStyle = "query" | "form" | "json";

async function read(response: Response): Promise<HttpResult> {
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON (HTML page, plain-text fault body): keep the text.
  }
  return { status: response.status, body, headers: response.headers };
}

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 5_000,
  what = "condition",
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** A simulator on a random port plus helpers that speak to it over real HTTP. */
export async function startTestSimulator(options: SimulatorOptionsInput = {}) {
  const sim = await startSimulator({ port: 0, ...options });
  const base = sim.url;

  async function control(method: string, path: string, body?: unknown): Promise<HttpResult> {
    const response = await fetch(`${base}/_sim/${path}`, {
      method,
      headers: body === undefined ? undefined : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return read(response);
  }

  /**
   * A Graph call with the parameters in the query string, a form body or a JSON body, and the
   * token in `access_token` or an `Authorization: Bearer` header.
   */
  async function graph(
    host: "facebook" | "instagram",
    method: "GET" | "POST",
    path: string,
    params: Record<string, string | number | boolean | undefined> = {},
    options: {
      style?: ParamStyle;
      token?: string;
      tokenIn?: "param" | "bearer";
      version?: string | null;
    } = {},
  ): Promise<HttpResult> {
    const style = options.style ?? (method === "GET" ? "query" : "form");
    const all: Record<string, string> = {};
    for (const [key, value] of Object.entries(params)) if (value !== undefined) all[key] = String(value);
    const headers: Record<string, string> = {};
    if (options.token) {
      if (options.tokenIn === "bearer") headers.authorization = `Bearer ${options.token}`;
      else all.access_token = options.token;
    }
    const version = options.version === null ? "" : `/${options.version ?? "v25.0"}`;
    let url = `${base}/${host}${version}/${path}`;
    let body: string | undefined;
    if (style === "query") {
      const query = new URLSearchParams(all).toString();
      if (query) url += `?${query}`;
    } else if (style === "form") {
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(all).toString();
    } else {
      headers["content-type"] = "application/json";
      body = JSON.stringify(all);
    }
    return read(await fetch(url, { method, headers, body }));
  }

  async function waha(
    method: "GET" | "POST" | "PUT",
    path: string,
    apiKey: string | undefined,
    body?: unknown,
  ): Promise<HttpResult> {
    const headers: Record<string, string> = {};
    if (apiKey) headers["x-api-key"] = apiKey;
    if (body !== undefined) headers["content-type"] = "application/json";
    return read(
      await fetch(`${base}/waha/${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    );
  }

  async function raw(path: string, init?: RequestInit): Promise<HttpResult> {
    return read(await fetch(`${base}${path}`, init));
  }

  return {
    sim,
    base,
    control,
    graph,
    waha,
    raw,
    async createAccount(body: Record<string, unknown>) {
      const result = await control("POST", "accounts", body);
      if (result.status >= 300) throw new Error(`account creation failed: ${JSON.stringify(result.body)}`);
      return result.body;
    },
    async ledger(query = ""): Promise<Json[]> {
      return (await control("GET", `ledger${query}`)).body.data;
    },
    async fault(body: Record<string, unknown>) {
      const result = await control("POST", "faults", body);
      if (result.status >= 300) throw new Error(`fault rejected: ${JSON.stringify(result.body)}`);
      return result.body;
    },
    /** A sandbox person acts (POST /_sim/viewers/messages); the answer's `viewer`, `messageId`, `event`, `deliveries`. */
    async viewerMessage(body: Record<string, unknown>) {
      const result = await control("POST", "viewers/messages", body);
      if (result.status !== 201) throw new Error(`viewer message refused: ${JSON.stringify(result.body)}`);
      return result.body;
    },
    /** The sent-messages ledger (GET /_sim/messages): what the Send APIs accepted, in order. */
    async sentMessages(query = ""): Promise<Json[]> {
      return (await control("GET", `messages${query}`)).body.data;
    },
    async advance(ms: number) {
      return (await control("POST", "clock", { advanceMs: ms })).body;
    },
    close: () => sim.close(),
  };
}

export type TestSimulator = Awaited<ReturnType<typeof startTestSimulator>>;

export const HOUR = 60 * 60 * 1000;
export const DAY = 24 * HOUR;
