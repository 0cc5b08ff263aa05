import type { SecretBox } from "@/lib/crypto/secret-box";
import type { Db, Sql } from "@/lib/db/client";
import type { Logger } from "@/lib/logger";
import type { PublisherEndpoints, PublisherPlatform, StoryPublisher } from "@/lib/publishers/contract";
import type { PublishQueues } from "@/lib/queue/publish-queues";

/** Everything the pipeline needs from outside, built once per worker process (workers/index.ts). */
export type PipelineDeps = {
  db: Db;
  /** The hot path's hand-written statements (lib/db/client.ts). */
  sql: Sql;
  box: SecretBox;
  queues: PublishQueues;
  logger: Logger;
  publisherFor(platform: PublisherPlatform): StoryPublisher;
  /** Meta's hosts for real channels, the simulators for sandbox ones. */
  endpointsFor(channel: { sandbox: boolean }): PublisherEndpoints;
  /** A signed, expiring URL the platform can fetch the stored media from. */
  mediaUrlFor(asset: { storageKey: string }): string;
  /** Each channel's next turn (a BullMQ priority: 1 goes first), so no channel's backlog starves the others. */
  channelTurns(channelIds: readonly string[]): Promise<number[]>;
  /** Milliseconds to wait before the next platform call on this channel (0: go ahead). */
  channelCallWait(channelId: string): Promise<number>;
  /** How long a claim lasts unless renewed; a run's heartbeat renews it while it holds the target. */
  leaseMs: number;
  now(): Date;
  sleep(ms: number): Promise<void>;
};
