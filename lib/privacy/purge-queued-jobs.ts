import { Queue } from "bullmq";
import { allQueueNames } from "@/lib/queue/all-queues";
import { bullOptions } from "@/lib/queue/queues";
import type { HardDeleteDeps } from "./deletion-deps";
import { namesAny } from "./id-tokens";

const STATES = ["wait", "delayed", "prioritized", "waiting-children", "completed", "failed"] as const;
const PAGE = 500;

/**
 * Removes every job, in every queue, whose id or payload names one of `ids`: publish and dispatch
 * jobs of the deleted stories, insight readings, media processing, imports, inbox deliveries,
 * webhook deliveries, mail to a deleted address. Running jobs are left to finish: BullMQ cannot
 * remove a locked job, and each processor re-reads the database, where the rows are gone, so they
 * end as no-ops. Returns how many jobs were removed.
 */
export async function purgeQueuedJobs(
  deps: Pick<HardDeleteDeps, "queues">,
  ids: ReadonlySet<string>,
): Promise<number> {
  let removed = 0;
  const { target, publishShards, prefix } = deps.queues;
  for (const name of allQueueNames(publishShards)) {
    const queue = new Queue(name, bullOptions(target, name, prefix));
    try {
      for (let start = 0; ; start += PAGE) {
        const jobs = await queue.getJobs([...STATES], start, start + PAGE - 1, true);
        if (jobs.length === 0) break;
        let removedHere = 0;
        for (const job of jobs) {
          if (!job?.id) continue;
          if (!namesAny(job.id, ids) && !namesAny(JSON.stringify(job.data ?? {}), ids)) continue;
          await job.remove().then(
            () => {
              removedHere += 1;
            },
            () => {
              // Locked meanwhile (a worker took it): it finds its rows gone and does nothing.
            },
          );
        }
        removed += removedHere;
        // Removing shifts the later pages forward by what was removed.
        start -= removedHere;
      }
    } finally {
      await queue.close();
    }
  }
  return removed;
}
