import { env } from "@/lib/env";
import { redisTargetOf } from "@/lib/redis/topology";
import { createPublishQueues, type PublishQueues } from "./publish-queues";

const holder = globalThis as { storyRelayPublishQueues?: PublishQueues };

/** The web process's producers for the publish pipeline (one set per process, created on first use). */
export function webPublishQueues(): PublishQueues {
  holder.storyRelayPublishQueues ??= createPublishQueues(redisTargetOf(env()));
  return holder.storyRelayPublishQueues;
}
