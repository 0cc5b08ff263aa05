/**
 * The baseline of bench/publish.ts: a bare BullMQ worker with a no-op processor, in a process of
 * its own like the real workers, recording when each delayed job started against when it was due.
 *
 *   node --import tsx bench/support/baseline-worker.ts <redis-url> <queue> <concurrency>
 *
 * Talks to the parent over IPC: sends "ready" once connected; answers "report" with the
 * [dueAt, startedAt] pairs recorded since the last report; exits on "stop".
 */
import { Worker } from "bullmq";
import { bullOptions } from "@/lib/queue/queues";

const [redisUrl, queue, concurrency] = process.argv.slice(2);
if (!redisUrl || !queue || !concurrency)
  throw new Error("usage: baseline-worker <redis-url> <queue> <concurrency>");

let starts: [number, number][] = [];
const worker = new Worker(
  queue,
  async (job) => {
    starts.push([(job.data as { dueAt: number }).dueAt, Date.now()]);
  },
  { ...bullOptions(redisUrl, queue), concurrency: Number(concurrency) },
);
await worker.waitUntilReady();
process.send?.("ready");

process.on("message", (message) => {
  if (message === "report") {
    process.send?.({ starts });
    starts = [];
  } else if (message === "stop") {
    void worker.close().then(() => process.exit(0));
  }
});
