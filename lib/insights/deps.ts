import type { SecretBox } from "@/lib/crypto/secret-box";
import type { Db } from "@/lib/db/client";
import type { Logger } from "@/lib/logger";
import type { PublisherEndpoints, PublisherPlatform, StoryPublisher } from "@/lib/publishers/contract";
import type { InsightJob } from "@/lib/queue/insights-queue";
import type { UsageBook } from "./usage-book";

/** Everything insight collection needs from outside, built once per worker (workers/insights-worker.ts). */
export type InsightDeps = {
  db: Db;
  box: SecretBox;
  logger: Logger;
  publisherFor(platform: PublisherPlatform): StoryPublisher;
  /** Meta's hosts for real channels, the simulators for sandbox ones (as for publishing). */
  endpointsFor(channel: { sandbox: boolean }): PublisherEndpoints;
  usage: UsageBook;
  /** Adds one reading's job, `delayMs` from now (an optimisation: the sweep is the guarantee). */
  enqueue(job: InsightJob, delayMs: number): Promise<void>;
  /** The worker's clock; tests and the benchmark move it with the simulators' clock. */
  now(): Date;
};
