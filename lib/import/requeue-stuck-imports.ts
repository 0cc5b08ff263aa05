import type { Queue } from "bullmq";
import type { Db } from "@/lib/db/client";
import { type PlanImportJob, planImportJobId } from "@/lib/queue/queues";
import { requeueUnlessLive } from "@/lib/queue/requeue-unless-live";
import { IMPORT_STALE_AFTER_MS } from "./run-import-job";

/** A QUEUED import this old whose job is gone was lost between the commit and the add, or by Redis. */
const QUEUED_STUCK_AFTER_MS = 60_000;

/**
 * The import sweep: Postgres, not Redis, says which imports are unfinished. An import QUEUED for a
 * minute, or RUNNING without progress past IMPORT_STALE_AFTER_MS (its worker died), gets a fresh
 * job unless one is waiting or running; the run claims the row, so a job too many does nothing.
 * Returns how many were queued again.
 */
export async function requeueStuckImports(deps: {
  db: Db;
  queue: Queue<PlanImportJob>;
  enqueue: (job: PlanImportJob) => Promise<void>;
  now?: Date;
}): Promise<number> {
  const now = (deps.now ?? new Date()).getTime();
  const stuck = await deps.db.importJob.findMany({
    where: {
      OR: [
        { status: "QUEUED", updatedAt: { lt: new Date(now - QUEUED_STUCK_AFTER_MS) } },
        { status: "RUNNING", heartbeatAt: { lt: new Date(now - IMPORT_STALE_AFTER_MS) } },
      ],
    },
    select: { id: true, workspaceId: true },
    take: 100,
  });
  let requeued = 0;
  for (const row of stuck) {
    const job: PlanImportJob = { importJobId: row.id, workspaceId: row.workspaceId };
    if (await requeueUnlessLive(deps.queue, planImportJobId(job), () => deps.enqueue(job))) requeued++;
  }
  return requeued;
}
