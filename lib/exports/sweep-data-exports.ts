import type { Queue } from "bullmq";
import type { Db } from "@/lib/db/client";
import { messageOf } from "@/lib/errors";
import type { Logger } from "@/lib/logger";
import type { MediaStorage } from "@/lib/media/storage";
import { type DataExportJob, dataExportJobId } from "@/lib/queue/queues";
import { requeueUnlessLive } from "@/lib/queue/requeue-unless-live";
import { EXPORT_STALE_AFTER_MS, EXPORT_VALID_FOR_MS } from "./run-data-export";

/** A QUEUED export this old whose job is gone was lost between the commit and the add, or by Redis. */
const QUEUED_STUCK_AFTER_MS = 60_000;
/** Rows per pass; a backlog is worked through over the next passes. */
const BATCH = 100;

/**
 * The export sweep, run on the workers' timer: Postgres says what is unfinished and what has
 * expired. An export QUEUED for a minute or RUNNING without a heartbeat gets a fresh job unless one
 * is waiting or running (the run claims the row, so a job too many does nothing). A DONE export
 * past its expiry loses its file, then its row; a FAILED one is kept as long as a done one would
 * be (so its reason can be read), then deleted. A file that cannot be removed now keeps its row,
 * so the next pass tries again.
 */
export async function sweepDataExports(deps: {
  db: Db;
  storage: MediaStorage;
  logger: Logger;
  queue: Queue<DataExportJob>;
  enqueue: (job: DataExportJob) => Promise<void>;
  now?: Date;
}): Promise<{ requeued: number; deleted: number }> {
  const now = (deps.now ?? new Date()).getTime();
  const stuck = await deps.db.dataExport.findMany({
    where: {
      OR: [
        { status: "QUEUED", updatedAt: { lt: new Date(now - QUEUED_STUCK_AFTER_MS) } },
        { status: "RUNNING", heartbeatAt: { lt: new Date(now - EXPORT_STALE_AFTER_MS) } },
      ],
    },
    select: { id: true, workspaceId: true },
    take: BATCH,
  });
  let requeued = 0;
  for (const row of stuck) {
    const job: DataExportJob = { exportId: row.id, workspaceId: row.workspaceId };
    if (await requeueUnlessLive(deps.queue, dataExportJobId(job), () => deps.enqueue(job))) requeued++;
  }
  const ended = await deps.db.dataExport.findMany({
    where: {
      OR: [
        { status: "DONE", expiresAt: { lte: new Date(now) } },
        { status: "FAILED", finishedAt: { lte: new Date(now - EXPORT_VALID_FOR_MS) } },
      ],
    },
    select: { id: true, storageKey: true },
    take: BATCH,
  });
  let deleted = 0;
  for (const row of ended) {
    try {
      if (row.storageKey) await deps.storage.delete(row.storageKey);
      await deps.db.dataExport.deleteMany({ where: { id: row.id } });
      deleted++;
    } catch (error) {
      deps.logger.warn({ exportId: row.id, reason: messageOf(error) }, "could not delete an expired export");
    }
  }
  return { requeued, deleted };
}
