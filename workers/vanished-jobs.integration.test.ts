import { randomUUID } from "node:crypto";
import { Queue, Worker } from "bullmq";
import { afterAll, describe, expect, it } from "vitest";
import { env } from "@/lib/env";
import { bullOptions } from "@/lib/queue/queues";
import { redis } from "@/lib/redis/client";
import { eventually } from "@/test/publishing/pipeline-test-kit";
import { vanishedJobReporter } from "./vanished-jobs";

/**
 * After Redis loses its data (a restart without persistence, a flush), a worker finishing a job it
 * was running gets "Missing key for job … moveToFinished" from BullMQ. That is the expected case:
 * it is recognised, and reported as one warning rather than an error with a stack per job.
 */
describe("jobs that vanish from Redis while running", () => {
  const prefix = `test-${randomUUID()}`;
  const options = bullOptions(env().REDIS_URL, "vanishing", prefix);
  const queue = new Queue("vanishing", options);
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const started: string[] = [];
  const worker = new Worker(
    "vanishing",
    async (job) => {
      started.push(job.id ?? "");
      await gate;
    },
    { ...options, concurrency: 2 },
  );
  afterAll(async () => {
    await worker.close();
    await queue.obliterate({ force: true });
    await queue.close();
  });

  it("are told apart from real errors and reported once, with a count", async () => {
    const warnings: { details: object; message: string }[] = [];
    const report = vanishedJobReporter({ warn: (details, message) => warnings.push({ details, message }) });
    const errors: Error[] = [];
    const unexpected: Error[] = [];
    worker.on("error", (error) => {
      errors.push(error);
      if (!report("vanishing", error)) unexpected.push(error);
    });

    await queue.add("a", {}, { jobId: "a" });
    await queue.add("b", {}, { jobId: "b" });
    await eventually(
      async () => started.length,
      (n) => n === 2,
    );
    // What a flush does to this queue, without touching anybody else's keys.
    const keys = await redis().keys(`${prefix}:*`);
    await redis().del(...keys);
    release();

    // BullMQ reports each job when completing it fails, and again when failing it then fails.
    await eventually(
      async () => new Set(errors.map((e) => /job (\w+)\./.exec(e.message)?.[1])),
      (jobs) => jobs.has("a") && jobs.has("b"),
    );
    for (const error of errors) expect(error.message).toMatch(/^Missing key for job [ab]\. moveToFinished$/);
    expect(unexpected).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.message).toMatch(/vanished from Redis/);
    // The lock extender's report of the same loss is counted with it, not logged again.
    expect(report("vanishing", new Error("could not renew lock for job c"))).toBe(true);
    expect(warnings).toHaveLength(1);
    expect(report("vanishing", new Error("connect ECONNREFUSED"))).toBe(false);
  });
});
