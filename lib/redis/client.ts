import type { Redis } from "ioredis";
import { env } from "@/lib/env";
import { createRedisClient, redisTargetOf } from "./topology";

const holder = globalThis as { storyRelayRedis?: Redis };

/**
 * Shared connection for commands (rate limits, health, enqueueing). BullMQ workers open their
 * own blocking connections; this one must not be handed to a Worker.
 */
export function redis(): Redis {
  if (!holder.storyRelayRedis) {
    const client = createRedisClient(redisTargetOf(env()), {
      // Reject a command after one failed reconnect instead of queueing it forever: a page or a
      // health check should answer "Redis is unreachable", not hang.
      maxRetriesPerRequest: 1,
      connectTimeout: 5_000,
    });
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
