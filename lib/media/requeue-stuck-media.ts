import type { Queue } from "bullmq";
import type { Db } from "@/lib/db/client";
import { type MediaJob, mediaJobId } from "@/lib/queue/queues";
import { requeueUnlessLive } from "@/lib/queue/requeue-unless-live";

/** An asset PROCESSING this long without a live job was lost between commit and enqueue, or by Redis. */
const STUCK_AFTER_MS = 60_000;

/**
 * The media sweep: Postgres, not Redis, says which uploads still need processing. Every PROCESSING
 * asset not touched for a minute whose job is missing (or finished without finishing the asset)
 * gets a fresh job; jobs still waiting or running are left alone. Returns how many were re-added.
 */
export async function requeueStuckMedia(deps: {
  db: Db;
  queue: Queue<MediaJob>;
  enqueue: (job: MediaJob) => Promise<void>;
  now?: Date;
}): Promise<number> {
  const now = deps.now ?? new Date();
  const stuck = await deps.db.mediaAsset.findMany({
    where: { status: "PROCESSING", updatedAt: { lt: new Date(now.getTime() - STUCK_AFTER_MS) } },
    select: { id: true, workspaceId: true },
    take: 500,
  });
  let requeued = 0;
  for (const asset of stuck) {
    const job: MediaJob = { assetId: asset.id, workspaceId: asset.workspaceId };
    if (await requeueUnlessLive(deps.queue, mediaJobId(job), () => deps.enqueue(job))) requeued++;
  }
  return requeued;
}
