import type { Redis, RedisOptions } from "ioredis";
import { env } from "@/lib/env";
import { createRedisClient, redisTargetOf } from "./topology";

const holder = globalThis as { storyRelayRedis?: Redis };

/**
 * What every connection for plain commands is opened with (this one, and the inbox and insights
 * workers' own); not BullMQ's, whose blocking reads wait on purpose, nor a subscriber's.
 */
export const COMMAND_CLIENT_OPTIONS = {
  // Reject a command after one failed reconnect instead of queueing it forever: a page or a
  // health check should answer "Redis is unreachable", not hang.
  maxRetriesPerRequest: 1,
  connectTimeout: 5_000,
  // And one that gets no answer at all: a connection whose peer vanished without closing it (a
  // failover, a cut link) carries nothing until the kernel gives up on it, many minutes later,
  // and a sweep awaiting it would stop for that long. Every command here answers in milliseconds.
  commandTimeout: 10_000,
} as const satisfies RedisOptions;

/**
 * Shared connection for commands (rate limits, health, enqueueing). BullMQ workers open their
 * own blocking connections; this one must not be handed to a Worker.
 */
export function redis(): Redis {
  if (!holder.storyRelayRedis) {
    const client = createRedisClient(redisTargetOf(env()), COMMAND_CLIENT_OPTIONS);
    // Without a listener ioredis prints every reconnect failure as an unhandled error; commands
    // still fail on their own, and the client reconnects by itself.
    client.on("error", () => {});
    holder.storyRelayRedis = client;
  }
  return holder.storyRelayRedis;
}

export async function disconnectRedis(): Promise<void> {
  const client = holder.storyRelayRedis;
  holder.storyRelayRedis = undefined;
  if (client) await client.quit().catch(() => client.disconnect());
}
