import { randomUUID } from "node:crypto";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Db } from "@/lib/db/client";
import { isAppError, messageOf } from "@/lib/errors";
import type { Logger } from "@/lib/logger";
import type { MediaStorage } from "@/lib/media/storage";
import { actingContext } from "@/lib/workspaces/acting-context";
import { assertCanExport } from "./export-access";
import { writeExportArchive } from "./write-export-archive";

/** A download link lives this long from the moment the export is done. */
export const EXPORT_VALID_FOR_MS = 24 * 3_600_000;

/**
 * A RUNNING export whose heartbeat has not moved for this long lost its worker (a crash, a
 * deploy): another run may take it over. The heartbeat is written on a timer, uploads included.
 */
export const EXPORT_STALE_AFTER_MS = 2 * 60_000;
const HEARTBEAT_MS = 20_000;
/** Progress is written at most this often (a brand with 10,000 media files would write 10,000 times). */
const PROGRESS_EVERY_MS = 1_000;

const AGAIN = "Start a new export; if it fails again, tell your administrator.";

export type RunDataExportDeps = {
  db: Db;
  storage: MediaStorage;
  logger: Logger;
  now?: () => Date;
  /** Where the ZIP and its scratch files are written before the upload; the OS's temp dir by default. */
  scratchRoot?: string;
};

/**
 * Builds one data export (lib/exports/start-data-export.ts) with the rights of whoever started it
 * as they are now. The run claims the row (QUEUED, or RUNNING but silent past
 * EXPORT_STALE_AFTER_MS), choosing a fresh storage key as it does: that key is the run's fence,
 * since every later write requires it, so a run that was taken over can no longer write and
 * removes its own file. The ZIP is written to a scratch file (write-export-archive.ts), then
 * streamed into media storage under exports/; the row ends DONE with size, counts and expiry, or
 * FAILED with what to do. Returns what happened, for the worker's log.
 */
export async function runDataExport(
  deps: RunDataExportDeps,
  job: { exportId: string; workspaceId: string },
): Promise<"done" | "failed" | "not-claimed" | "deleted"> {
  const now = () => deps.now?.() ?? new Date();
  const storageKey = `exports/${job.workspaceId}/${job.exportId}-${randomUUID()}.zip`;
  const claimed = await deps.db.dataExport.updateMany({
    where: {
      id: job.exportId,
      workspaceId: job.workspaceId,
      OR: [
        { status: "QUEUED" },
        { status: "RUNNING", heartbeatAt: { lt: new Date(now().getTime() - EXPORT_STALE_AFTER_MS) } },
      ],
    },
    data: { status: "RUNNING", heartbeatAt: now(), storageKey, itemsDone: 0, error: null },
  });
  if (claimed.count === 0) return "not-claimed";
  const fenced = { id: job.exportId, storageKey, status: "RUNNING" as const };
  const row = await deps.db.dataExport.findUniqueOrThrow({
    where: { id: job.exportId },
    select: {
      brandId: true,
      createdById: true,
      apiKeyId: true,
      workspace: { select: { id: true, slug: true, name: true } },
    },
  });
  const heartbeat = setInterval(() => {
    deps.db.dataExport.updateMany({ where: fenced, data: { heartbeatAt: now() } }).catch(() => {});
  }, HEARTBEAT_MS);
  heartbeat.unref();
  const scratchDir = await mkdtemp(join(deps.scratchRoot ?? tmpdir(), "storyrelay-export-"));
  let uploaded = false;
  try {
    const ctx = await actingContext(deps.db, row, "export");
    assertCanExport(ctx, row.brandId);
    const brand = row.brandId
      ? await deps.db.brand.findFirst({
          where: { id: row.brandId, workspaceId: job.workspaceId },
          select: { id: true, name: true },
        })
      : null;
    const zipPath = join(scratchDir, "export.zip");
    let lastWrite = 0;
    const counts = await writeExportArchive(
      deps,
      { workspaceId: job.workspaceId, brandId: row.brandId },
      {
        exportId: job.exportId,
        createdAt: now(),
        workspace: { id: row.workspace.id, name: row.workspace.name },
        brand,
      },
      { zipPath, scratchDir },
      async ({ done, total }) => {
        if (done < total && Date.now() - lastWrite < PROGRESS_EVERY_MS) return;
        lastWrite = Date.now();
        const still = await deps.db.dataExport.updateMany({
          where: fenced,
          data: { itemsDone: done, itemsTotal: total, heartbeatAt: now() },
        });
        if (still.count === 0) throw new StoppedError();
      },
    );
    const { size } = await stat(zipPath);
    await deps.storage.putFile(storageKey, zipPath);
    uploaded = true;
    const finished = now();
    const saved = await deps.db.dataExport.updateMany({
      where: fenced,
      data: {
        status: "DONE",
        sizeBytes: BigInt(size),
        counts,
        finishedAt: finished,
        expiresAt: new Date(finished.getTime() + EXPORT_VALID_FOR_MS),
        heartbeatAt: finished,
      },
    });
    if (saved.count === 0) throw new StoppedError();
    return "done";
  } catch (error) {
    if (error instanceof StoppedError) {
      // Deleted while it was built, or taken over by another run: this run's file is nobody's.
      if (uploaded) await deps.storage.delete(storageKey).catch(() => {});
      return "deleted";
    }
    if (!isAppError(error)) deps.logger.error({ exportId: job.exportId, err: error }, "data export failed");
    if (uploaded) await deps.storage.delete(storageKey).catch(() => {});
    await deps.db.dataExport.updateMany({
      where: fenced,
      data: {
        status: "FAILED",
        storageKey: null,
        finishedAt: now(),
        error: isAppError(error) ? `${error.message}` : `The export stopped (${messageOf(error)}). ${AGAIN}`,
      },
    });
    return "failed";
  } finally {
    clearInterval(heartbeat);
    await rm(scratchDir, { recursive: true, force: true });
  }
}

/** The row is gone or belongs to another run now: stop writing. */
class StoppedError extends Error {
  constructor() {
    super("The export was deleted or taken over by another run.");
  }
}
