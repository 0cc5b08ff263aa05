import { basename } from "node:path";
import { getBrand } from "@/lib/brands/get-brand";
import type { Db } from "@/lib/db/client";
import { AppError, isAppError, messageOf } from "@/lib/errors";
import { FetchDeadlineError, formatSeconds, safeFetch } from "@/lib/net/safe-fetch";
import type { MediaJob } from "@/lib/queue/queues";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";
import type { MediaStorage } from "./storage";
import { storeMediaAsset } from "./store-media-asset";

/** Silence allowed between bytes; the whole download is bounded by `deadlineMs` besides. */
const FETCH_IDLE_TIMEOUT_MS = 30_000;

/**
 * Fetches media from a URL the caller gives and stores it like an upload. The URL may not lead
 * into our own network (see safeFetch): private, loopback and link-local addresses are refused
 * for the URL and every redirect unless `allowPrivate` (sandbox, tests). The download stops at
 * the upload size limit, and at `deadlineMs` however slowly the source trickles.
 */
export async function importMediaFromUrl(
  deps: {
    db: Db;
    storage: MediaStorage;
    maxBytes: number;
    /** The whole download must arrive within this (MEDIA_IMPORT_DEADLINE_MS). */
    deadlineMs: number;
    allowPrivate: boolean;
    enqueue?: (job: MediaJob) => Promise<void>;
  },
  ctx: WorkspaceContext,
  input: { url: string; brandId?: string },
) {
  assertCan(ctx, "stories:edit", "upload media");
  // A brand the caller cannot see is refused before anything is fetched.
  if (input.brandId !== undefined) await getBrand(deps.db, ctx, input.brandId);
  const response = await safeFetch(input.url, {
    allowPrivate: deps.allowPrivate,
    maxBytes: deps.maxBytes,
    timeoutMs: Math.min(FETCH_IDLE_TIMEOUT_MS, deps.deadlineMs),
    deadlineMs: deps.deadlineMs,
  }).catch((error: unknown) => {
    if (isAppError(error)) throw error;
    if (error instanceof FetchDeadlineError) {
      throw unreachable(
        `The source sent too slowly: the whole file must arrive within ${formatSeconds(error.deadlineMs)}.`,
      );
    }
    throw unreachable(`Could not fetch ${input.url}: ${messageOf(error)}.`);
  });
  if (response.status < 200 || response.status >= 300) {
    throw unreachable(`${input.url} answered HTTP ${response.status}; expected the media file.`);
  }
  const originalName = decodeURIComponent(basename(new URL(response.url).pathname)) || "imported";
  return storeMediaAsset(deps, ctx, { bytes: response.body, originalName, brandId: input.brandId });
}

function unreachable(message: string): AppError {
  return new AppError("INVALID_INPUT", message, { fields: { url: message } });
}
