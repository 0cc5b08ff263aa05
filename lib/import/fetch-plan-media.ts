import type { Db } from "@/lib/db/client";
import { isAppError, messageOf } from "@/lib/errors";
import type { Logger } from "@/lib/logger";
import { importMediaFromUrl } from "@/lib/media/import-media-from-url";
import type { MediaStorage } from "@/lib/media/storage";
import { formatSeconds } from "@/lib/net/safe-fetch";
import type { MediaJob } from "@/lib/queue/queues";
import type { WorkspaceContext } from "@/lib/workspaces/context";

/** What the import needs to fetch frames given as URLs: the media URL import's own settings. */
export type PlanMediaDeps = {
  storage: MediaStorage;
  /** MEDIA_MAX_BYTES, as for an upload. */
  maxBytes: number;
  /** MEDIA_IMPORT_DEADLINE_MS: the whole download of one file. */
  deadlineMs: number;
  /** ALLOW_PRIVATE_URLS. */
  allowPrivate: boolean;
  /** Adds the processing job of a fetched file (the media queue). */
  enqueue: (job: MediaJob) => Promise<void>;
  /** How long to wait for the media worker to make the fetched files READY. */
  readyTimeoutMs?: number;
  pollMs?: number;
};

/** A frame URL of one brand's rows: fetched once per import into that brand's library. */
export type PlanMediaSource = { brandId: string; url: string };

export type PlanMediaOutcome = { assetId: string } | { problem: string };

/** Files fetched at once: a plan's URLs are few and a download is mostly waiting. */
const FETCH_CONCURRENCY = 4;
const DEFAULT_READY_TIMEOUT_MS = 10 * 60_000;
const DEFAULT_POLL_MS = 500;
const HEARTBEAT_EVERY_MS = 5_000;

export const planMediaKey = (source: PlanMediaSource) => `${source.brandId} ${source.url}`;

/**
 * Fetches each frame URL of a plan import once, through the media URL import (same address
 * policy, size limit, type check from the bytes and processing), into the row's brand's library,
 * then waits until the media worker has processed every file. Each URL's outcome is the READY
 * asset's id, or the reason it cannot be used (the fetch refused, the processing failed, or it did
 * not finish in time), so the rows that use it are reported and the others go on. `onWait` is
 * called every few seconds while fetching and waiting, so the import's heartbeat stays fresh.
 */
export async function fetchPlanMedia(
  deps: { db: Db; logger: Logger; media: PlanMediaDeps },
  ctx: WorkspaceContext,
  input: { sources: readonly PlanMediaSource[]; onWait?: () => Promise<void> | void },
): Promise<Map<string, PlanMediaOutcome>> {
  const outcomes = new Map<string, PlanMediaOutcome>();
  const sources = [...new Map(input.sources.map((s) => [planMediaKey(s), s])).values()];
  const pending = new Map<string, PlanMediaSource>(); // by the fetched asset's id

  // The import's heartbeat is a write: every few seconds is plenty against its 2-minute staleness,
  // and many slow URLs (each up to MEDIA_IMPORT_DEADLINE_MS) must not let it go stale.
  let beatAt = Date.now();
  const beat = async () => {
    if (Date.now() - beatAt < HEARTBEAT_EVERY_MS) return;
    beatAt = Date.now();
    await input.onWait?.();
  };

  let next = 0;
  const fetchNext = async (): Promise<void> => {
    for (let source = sources[next++]; source; source = sources[next++]) {
      const key = planMediaKey(source);
      try {
        const asset = await importMediaFromUrl({ db: deps.db, ...deps.media }, ctx, {
          url: source.url,
          brandId: source.brandId,
        });
        pending.set(asset.id, source);
      } catch (error) {
        if (!isAppError(error))
          deps.logger.warn({ url: source.url, reason: messageOf(error) }, "plan frame fetch failed");
        outcomes.set(key, {
          problem: !isAppError(error)
            ? `${source.url} could not be stored (${messageOf(error)}).`
            : error.message.includes(source.url)
              ? error.message
              : `${source.url}: ${error.message}`,
        });
      }
      await beat();
    }
  };
  await Promise.all(Array.from({ length: Math.min(FETCH_CONCURRENCY, sources.length) }, fetchNext));

  const timeoutMs = deps.media.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  while (pending.size > 0) {
    const assets = await deps.db.mediaAsset.findMany({
      where: { workspaceId: ctx.workspaceId, id: { in: [...pending.keys()] } },
      select: { id: true, status: true, errorMessage: true },
    });
    const found = new Set(assets.map((a) => a.id));
    // Deleted from the library meanwhile (by a member): nothing left to wait for.
    for (const [id, source] of pending)
      if (!found.has(id)) {
        pending.delete(id);
        outcomes.set(planMediaKey(source), {
          problem: `${source.url} was fetched, but its media was deleted from the library before the import used it.`,
        });
      }
    for (const asset of assets) {
      const source = pending.get(asset.id);
      if (source === undefined || asset.status === "PROCESSING") continue;
      pending.delete(asset.id);
      const reason = (asset.errorMessage ?? "the file is not usable media").replace(/\.$/, "");
      outcomes.set(
        planMediaKey(source),
        asset.status === "READY"
          ? { assetId: asset.id }
          : { problem: `${source.url} was fetched but could not be processed: ${reason}.` },
      );
    }
    if (pending.size === 0) break;
    if (Date.now() >= deadline) {
      for (const [id, source] of pending)
        outcomes.set(planMediaKey(source), {
          problem: `${source.url} was fetched (media ${id}) but was not processed within ${formatSeconds(timeoutMs)}: import the file again later.`,
        });
      break;
    }
    await beat();
    await new Promise((resolve) => setTimeout(resolve, deps.media.pollMs ?? DEFAULT_POLL_MS));
  }
  return outcomes;
}
