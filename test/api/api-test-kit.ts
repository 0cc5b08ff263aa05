import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Queue } from "bullmq";
import { type ApiDeps, setApiDepsForTests } from "@/app/api/v1/_lib/api-deps";
import * as audit from "@/app/api/v1/audit/route";
import * as audienceLists from "@/app/api/v1/brands/[brandId]/audience-lists/route";
import * as channels from "@/app/api/v1/brands/[brandId]/channels/route";
import * as planImports from "@/app/api/v1/brands/[brandId]/imports/route";
import * as brandInsights from "@/app/api/v1/brands/[brandId]/insights/route";
import * as brand from "@/app/api/v1/brands/[brandId]/route";
import * as brands from "@/app/api/v1/brands/route";
import * as conversationMessages from "@/app/api/v1/conversations/[conversationId]/messages/route";
import * as conversations from "@/app/api/v1/conversations/route";
import * as importJob from "@/app/api/v1/imports/[importId]/route";
import * as mediaAsset from "@/app/api/v1/media/[mediaId]/route";
import * as mediaImport from "@/app/api/v1/media/import/route";
import * as media from "@/app/api/v1/media/route";
import * as openapi from "@/app/api/v1/openapi.json/route";
import * as approve from "@/app/api/v1/stories/[storyId]/approve/route";
import * as cancel from "@/app/api/v1/stories/[storyId]/cancel/route";
import * as comments from "@/app/api/v1/stories/[storyId]/comments/route";
import * as storyInsights from "@/app/api/v1/stories/[storyId]/insights/route";
import * as requestChanges from "@/app/api/v1/stories/[storyId]/request-changes/route";
import * as reschedule from "@/app/api/v1/stories/[storyId]/reschedule/route";
import * as story from "@/app/api/v1/stories/[storyId]/route";
import * as retry from "@/app/api/v1/stories/[storyId]/targets/[targetId]/retry/route";
import * as stories from "@/app/api/v1/stories/route";

import { createApiRateLimit } from "@/lib/api-keys/api-rate-limit";
import { env } from "@/lib/env";
import { LocalDiskMediaStorage } from "@/lib/media/storage";
import { createMediaQueue, enqueueMediaJob } from "@/lib/queue/media-queue";
import { createPlanImportQueue, enqueuePlanImport } from "@/lib/queue/plan-import-queue";
import { createPublishQueues, type PublishQueues } from "@/lib/queue/publish-queues";
import type { MediaJob, PlanImportJob } from "@/lib/queue/queues";
import { redis } from "@/lib/redis/client";

export type ApiTestDeps = {
  /** Publish queues under a fresh prefix that no worker consumes: stories created through the API stay scheduled. */
  queues: PublishQueues;
  /** Where uploads through the API are stored (a temporary folder). */
  mediaDir: string;
  /** Uploads through the API are queued here; a test that follows processing runs a worker on `mediaPrefix`. */
  mediaQueue: Queue<MediaJob>;
  mediaPrefix: string;
  /** Empties and closes the queues and removes the media folder. */
  close: () => Promise<void>;
};

/**
 * Points the route handlers, which the tests call in-process, at parts of the test's own: the
 * queues and media folder above, private URLs allowed (the tests serve media on 127.0.0.1), a rate
 * limit under its own Redis prefix high enough for a whole file's requests, and a horizon wide
 * enough for the stories the API tests set in 2099 (time-bounds tests pass the real one).
 * `overrides` win over all of these.
 */
export async function setUpApiDeps(overrides: Partial<ApiDeps> = {}): Promise<ApiTestDeps> {
  const queues = createPublishQueues(env().REDIS_URL, `test-${randomUUID()}`);
  const mediaPrefix = `test-media-${randomUUID()}`;
  const mediaQueue = createMediaQueue(env().REDIS_URL, mediaPrefix);
  const mediaDir = await mkdtemp(join(tmpdir(), "storyrelay-api-"));
  // Imports the API starts are queued under a prefix nobody consumes: a test runs them itself.
  const importQueue = createPlanImportQueue(env().REDIS_URL, `test-import-${randomUUID()}`);
  setApiDepsForTests({
    queues,
    storage: new LocalDiskMediaStorage(mediaDir),
    allowPrivateUrls: true,
    rateLimit: createApiRateLimit(redis(), 10_000, `test-api-${randomUUID()}`),
    enqueueMedia: (job: MediaJob) => enqueueMediaJob(job, mediaQueue),
    enqueuePlanImport: (job: PlanImportJob) => enqueuePlanImport(job, importQueue),
    scheduleHorizonDays: 100 * 365,
    ...overrides,
  });
  const close = async () => {
    await queues.dispatch.obliterate({ force: true }).catch(() => undefined);
    await queues.close();
    await mediaQueue.obliterate({ force: true }).catch(() => undefined);
    await mediaQueue.close();
    await importQueue.obliterate({ force: true }).catch(() => undefined);
    await importQueue.close();
    await rm(mediaDir, { recursive: true, force: true });
  };
  return { queues, mediaDir, mediaQueue, mediaPrefix, close };
}

type Handler = (
  request: Request,
  context: { params: Promise<Record<string, string>> },
) => Promise<Response> | Response;

/** The route modules by their file path below app/api/v1 (the tests check this list is complete). */
export const ROUTE_MODULES: Record<string, Record<string, unknown>> = {
  "audit/route.ts": audit,
  "brands/route.ts": brands,
  "brands/[brandId]/route.ts": brand,
  "brands/[brandId]/audience-lists/route.ts": audienceLists,
  "brands/[brandId]/channels/route.ts": channels,
  "brands/[brandId]/imports/route.ts": planImports,
  "brands/[brandId]/insights/route.ts": brandInsights,
  "conversations/route.ts": conversations,
  "conversations/[conversationId]/messages/route.ts": conversationMessages,
  "imports/[importId]/route.ts": importJob,
  "media/route.ts": media,
  "media/import/route.ts": mediaImport,
  // After media/import: a path that names no static route is an id.
  "media/[mediaId]/route.ts": mediaAsset,
  "openapi.json/route.ts": openapi,
  "stories/route.ts": stories,
  "stories/[storyId]/route.ts": story,
  "stories/[storyId]/reschedule/route.ts": reschedule,
  "stories/[storyId]/cancel/route.ts": cancel,
  "stories/[storyId]/approve/route.ts": approve,
  "stories/[storyId]/request-changes/route.ts": requestChanges,
  "stories/[storyId]/comments/route.ts": comments,
  "stories/[storyId]/insights/route.ts": storyInsights,
  "stories/[storyId]/targets/[targetId]/retry/route.ts": retry,
};

/** "brands/[brandId]/route.ts" → "/brands/{brandId}", the route table's path. */
export const apiPathOf = (file: string) =>
  `/${file.replace(/\/?route\.ts$/, "")}`.replace(/\[(\w+)\]/g, "{$1}").replace(/\/$/, "") || "/";

export type ApiCall = {
  key?: string;
  json?: unknown;
  form?: FormData;
  rawBody?: string | Uint8Array<ArrayBuffer>;
  headers?: Record<string, string>;
};

/** The handler and [segment] params that serve `method` on `url`, as Next.js would route it. */
function routeOf(method: string, url: URL) {
  const segments = url.pathname.replace(/^\/api\/v1\//, "").split("/");
  for (const [file, module] of Object.entries(ROUTE_MODULES)) {
    const pattern = file.replace(/\/?route\.ts$/, "").split("/");
    if (pattern.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const matches = pattern.every((part, i) => {
      const segment = decodeURIComponent(segments[i] ?? "");
      const name = part.match(/^\[(\w+)\]$/)?.[1];
      if (name) params[name] = segment;
      return name !== undefined || part === segment;
    });
    const handler = module[method] as Handler | undefined;
    if (matches && handler) return { handler, params };
  }
  throw new Error(`no route handles ${method} ${url.pathname}`);
}

/** A `fetch` served by the route handlers in-process (for clients such as openapi-fetch). */
export async function fetchApi(request: Request): Promise<Response> {
  const { handler, params } = routeOf(request.method, new URL(request.url));
  return handler(request, { params: Promise.resolve(params) });
}

/**
 * Calls a route handler in-process with a real Request, the way Next.js does: the path is
 * matched against the route files, its [segments] become params.
 */
export async function callApi(method: string, pathAndQuery: string, call: ApiCall = {}) {
  const url = new URL(`http://localhost/api/v1${pathAndQuery}`);
  const { handler, params } = routeOf(method, url);
  const headers: Record<string, string> = { ...call.headers };
  if (call.key) headers.authorization = `Bearer ${call.key}`;
  let body: BodyInit | undefined;
  if (call.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(call.json);
  } else if (call.form) {
    body = call.form;
  } else if (call.rawBody !== undefined) {
    headers["content-type"] ??= "application/json";
    body = call.rawBody;
  }
  const response = await handler(new Request(url, { method, headers, body }), {
    params: Promise.resolve(params),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}
