import { randomUUID } from "node:crypto";
import { Queue } from "bullmq";
import { afterEach, describe, expect, it } from "vitest";
import { env } from "@/lib/env";
import { bullOptions } from "@/lib/queue/queues";
import { metrics } from "@/lib/telemetry/metrics";
import { eventually } from "@/test/publishing/pipeline-test-kit";
import { startFreezingProxy } from "@/test/redis/freezing-proxy";
import { type KeptWorker, keepConsuming } from "./keep-consuming";

/**
 * A consumer whose Redis connections stop answering without closing (what a failover can leave
 * behind) is replaced, and the jobs it would have taken are taken by the replacement, once each.
 * A consumer that is merely busy is left alone.
 */
/** What /metrics would say of the queue's replacements. */
async function replacementsCounted(queue: string): Promise<number> {
  const { values } = await metrics().workerReplacements.get();
  return values.find((value) => value.labels.queue === queue)?.value ?? 0;
}

describe("keepConsuming", () => {
  const redisUrl = new URL(env().REDIS_URL);
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setUp(options: { concurrency: number; processor: (id: string) => Promise<void> }) {
    const prefix = `test-${randomUUID()}`;
    const name = "kept";
    const proxy = await startFreezingProxy({ host: redisUrl.hostname, port: Number(redisUrl.port || 6379) });
    const throughProxy = `redis://127.0.0.1:${proxy.port}${redisUrl.pathname}`;
    // Jobs are added, and counted by the watchdog, on a connection of their own that stays healthy,
    // as the process's shared command connection does when one worker's connections wedge.
    const queue = new Queue(name, bullOptions(env().REDIS_URL, name, prefix));
    const warnings: { details: object; message: string }[] = [];
    const processed: string[] = [];
    const kept: KeptWorker = keepConsuming({
      queue,
      processor: async (job) => {
        await options.processor(job.id ?? "");
        processed.push(job.id ?? "");
      },
      workerOptions: { ...bullOptions(throughProxy, name, prefix), concurrency: options.concurrency },
      logger: {
        warn: (details, message) => warnings.push({ details, message }),
        // The frozen worker's connections fail as they are torn down; that is not under test here.
        error: () => undefined,
      },
      checkEveryMs: 100,
      stuckAfterMs: 1_000,
    });
    cleanups.push(
      () => proxy.close(),
      () => queue.close(),
      () => queue.obliterate({ force: true }),
      () => kept.close(),
    );
    await kept.worker.waitUntilReady();
    return { queue, proxy, kept, warnings, processed };
  }

  it("replaces a worker whose connections froze, and its replacement takes the waiting jobs once each", async () => {
    const { queue, proxy, kept, warnings, processed } = await setUp({
      concurrency: 2,
      processor: async () => undefined,
    });
    await queue.add("job", {}, { jobId: "before" });
    await eventually(
      async () => processed.length,
      (n) => n === 1,
    );
    const first = kept.worker;
    const replacedBefore = await replacementsCounted("kept");

    proxy.freeze();
    await queue.add("job", {}, { jobId: "after-1" });
    await queue.add("job", {}, { jobId: "after-2", priority: 1 });

    await eventually(
      async () => [...processed].sort(),
      (ids) => ids.length === 3,
      15_000,
    );
    expect([...processed].sort()).toEqual(["after-1", "after-2", "before"]);
    expect(kept.replacements).toBe(1);
    expect(await replacementsCounted("kept")).toBe(replacedBefore + 1);
    expect(kept.worker).not.toBe(first);
    expect(warnings).toEqual([
      {
        details: expect.objectContaining({ queue: "kept", ready: expect.any(Number) }),
        message: "the worker took no job while jobs were ready; replacing it",
      },
    ]);
  });

  it("leaves alone a worker whose slots are all busy while jobs wait", async () => {
    // One slot, held by a job that runs for three windows while another job waits behind it.
    const { queue, kept, warnings, processed } = await setUp({
      concurrency: 1,
      processor: async (id) => {
        if (id === "long") await new Promise((resolve) => setTimeout(resolve, 3_000));
      },
    });
    await queue.add("job", {}, { jobId: "long" });
    await eventually(
      async () => (await queue.getJobCounts("active")).active,
      (active) => active === 1,
    );
    await queue.add("job", {}, { jobId: "behind" });

    await eventually(
      async () => processed,
      (ids) => ids.length === 2,
      15_000,
    );
    expect(processed).toEqual(["long", "behind"]);
    expect(kept.replacements).toBe(0);
    expect(warnings).toEqual([]);
  });
});
