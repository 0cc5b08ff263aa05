import { createHmac } from "node:crypto";
import type { z } from "zod";
import { classifyGraphError, classifyUploadError, type GraphPlatformLabel } from "./classify-graph-error";
import { type GraphUsage, parseGraphUsage } from "./graph-usage";
import { type HttpAnswer, redact, sendHttp } from "./http";
import { PublisherError } from "./publisher-error";

export const DEFAULT_GRAPH_API_VERSION = "v25.0";

/**
 * `appsecret_proof`: hex HMAC-SHA256 of the access token keyed by the app secret. Meta accepts it
 * on every call and apps can make it mandatory, so a leaked token alone cannot call the API.
 */
export function appSecretProof(accessToken: string, appSecret: string): string {
  return createHmac("sha256", appSecret).update(accessToken).digest("hex");
}

export interface GraphClientOptions {
  /** Host root without version: "https://graph.facebook.com" or the simulator's ".../facebook". */
  baseUrl: string;
  apiVersion?: string;
  accessToken: string;
  /** When given, every call carries appsecret_proof. */
  appSecret?: string;
  timeoutMs: number;
  platform: GraphPlatformLabel;
  /** Called with the usage headers of every answer that has them, errors included. */
  onUsage?: (usage: GraphUsage) => void;
}

type ParamValue = string | number | boolean | undefined;

export interface GraphRequest<T> {
  method: "GET" | "POST" | "DELETE";
  /** Path below the version: "17841400000/media", "me". */
  path: string;
  params?: Record<string, ParamValue>;
  /** POST bodies: form (the default, what Meta's own SDKs send) or JSON. */
  body?: "form" | "json";
  schema: z.ZodType<T>;
  /** false for the few unversioned endpoints (graph.instagram.com/refresh_access_token). */
  versioned?: boolean;
  /** "query" puts the token in access_token for endpoints that read it only there. */
  tokenIn?: "header" | "query";
}

export interface GraphResult<T> {
  data: T;
  status: number;
  usage?: GraphUsage;
}

export type GraphClient = ReturnType<typeof createGraphClient>;

function clean(params: Record<string, ParamValue>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) if (value !== undefined) out[key] = String(value);
  return out;
}

/**
 * A small client for one Graph host and one token: versioned paths, `Authorization: Bearer`,
 * optional appsecret_proof, a deadline per call, zod-checked answers, usage headers surfaced.
 * Every failure is a PublisherError (classified by classify-graph-error); the token never
 * appears in an error.
 */
export function createGraphClient(options: GraphClientOptions) {
  const version = options.apiVersion ?? DEFAULT_GRAPH_API_VERSION;
  const proof = options.appSecret ? appSecretProof(options.accessToken, options.appSecret) : undefined;
  const secrets = [options.accessToken, options.appSecret, proof];
  const root = options.baseUrl.replace(/\/+$/, "");

  function observe(answer: HttpAnswer): GraphUsage | undefined {
    const usage = parseGraphUsage(answer.headers);
    if (usage) options.onUsage?.(usage);
    return usage;
  }

  function parseSuccess<T>(answer: HttpAnswer, schema: z.ZodType<T>, what: string): T {
    const parsed = schema.safeParse(answer.json);
    if (parsed.success) return parsed.data;
    throw new PublisherError({
      errorClass: "retryable",
      platformCode: `HTTP ${answer.status}`,
      platformMessage: redact(`unexpected answer to ${what}: ${answer.text.slice(0, 300)}`, secrets),
      advice: `${options.platform} answered in an unexpected way; StoryRelay will check and try again.`,
    });
  }

  function fail(answer: HttpAnswer, usage: GraphUsage | undefined, upload = false): never {
    const input = {
      status: answer.status,
      body: answer.json ?? answer.text,
      usage,
      platform: options.platform,
    };
    const error = upload ? classifyUploadError(input) : classifyGraphError(input);
    if (error.platformMessage) {
      throw new PublisherError({ ...error, platformMessage: redact(error.platformMessage, secrets) });
    }
    throw error;
  }

  async function request<T>(req: GraphRequest<T>): Promise<GraphResult<T>> {
    const params = clean(req.params ?? {});
    if (proof) params.appsecret_proof = proof;
    const headers: Record<string, string> = {};
    const query: Record<string, string> = req.method === "POST" ? {} : { ...params };
    if (req.tokenIn === "query") query.access_token = options.accessToken;
    else headers.authorization = `Bearer ${options.accessToken}`;

    const path = req.path.replace(/^\/+/, "");
    let url = req.versioned === false ? `${root}/${path}` : `${root}/${version}/${path}`;
    if (Object.keys(query).length > 0) url += `?${new URLSearchParams(query).toString()}`;
    let body: string | undefined;
    if (req.method === "POST") {
      if (req.body === "json") {
        headers["content-type"] = "application/json";
        body = JSON.stringify(params);
      } else {
        headers["content-type"] = "application/x-www-form-urlencoded";
        body = new URLSearchParams(params).toString();
      }
    }

    const answer = await sendHttp(
      url,
      { method: req.method, headers, body },
      { timeoutMs: options.timeoutMs, secrets, platformLabel: options.platform },
    );
    const usage = observe(answer);
    if (answer.status < 200 || answer.status >= 300) fail(answer, usage);
    return { data: parseSuccess(answer, req.schema, `${req.method} ${path}`), status: answer.status, usage };
  }

  /**
   * A POST to an upload URL the Graph handed out (rupload host). Uploads authenticate with
   * `Authorization: OAuth <token>` and take their instructions in headers (`file_url`, `offset`).
   */
  async function upload<T>(
    uploadUrl: string,
    uploadHeaders: Record<string, string>,
    schema: z.ZodType<T>,
  ): Promise<GraphResult<T>> {
    const answer = await sendHttp(
      uploadUrl,
      { method: "POST", headers: { ...uploadHeaders, authorization: `OAuth ${options.accessToken}` } },
      { timeoutMs: options.timeoutMs, secrets, platformLabel: options.platform },
    );
    const usage = observe(answer);
    if (answer.status < 200 || answer.status >= 300) fail(answer, usage, true);
    return { data: parseSuccess(answer, schema, "upload"), status: answer.status, usage };
  }

  return { request, upload };
}
