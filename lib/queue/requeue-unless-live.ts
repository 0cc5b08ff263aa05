import type { Queue } from "bullmq";

/**
 * Adds a job again for work Postgres says is unfinished, unless its job is still waiting or
 * running. A finished job (completed or failed without finishing the work) is removed first, so
 * the add under the same job id is not swallowed by BullMQ's deduplication. Returns whether it
 * was added.
 */
export async function requeueUnlessLive<T>(
  queue: Queue<T>,
  jobId: string,
  enqueue: () => Promise<void>,
): Promise<boolean> {
  const existing = await queue.getJob(jobId);
  if (existing) {
    const state = await existing.getState();
    if (state !== "completed" && state !== "failed") return false;
    await existing.remove();
  }
  await enqueue();
  return true;
}
