import type { Redis } from "ioredis";
import type { SecretBox } from "@/lib/crypto/secret-box";
import type { Db } from "@/lib/db/client";
import type { Logger } from "@/lib/logger";
import type { MediaStorage } from "@/lib/media/storage";
import type { PublisherEndpoints, PublisherPlatform, StoryPublisher } from "@/lib/publishers/contract";
import type { RedisTarget } from "@/lib/redis/topology";

/** How long a deletion can be undone (docs/decisions/035-deletion-with-grace.md). */
export const GRACE_DAYS = 7;

export function graceEndFrom(now: Date): Date {
  return new Date(now.getTime() + GRACE_DAYS * 86_400_000);
}

/**
 * What a hard delete touches: the database, the media store, Redis (keys and every BullMQ queue,
 * under `queuePrefix` when the caller's queues use one) and the platforms (best-effort revocation).
 * `afterExternalCleanup` is a seam for the crash test: it runs after files, jobs and revocations
 * and before the rows go, the widest window a crash can hit.
 */
export type HardDeleteDeps = {
  db: Db;
  redis: Redis;
  /** Where the queues live (one server, Sentinel or Cluster: their key prefixes differ) and how many publish shards there are. */
  queues: { target: RedisTarget; publishShards: number; prefix?: string };
  storage: MediaStorage;
  box: SecretBox;
  logger: Logger;
  publisherFor(platform: PublisherPlatform): StoryPublisher;
  endpointsFor(channel: { sandbox: boolean }): PublisherEndpoints;
  now(): Date;
  afterExternalCleanup?: () => Promise<void>;
};
