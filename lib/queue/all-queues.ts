import { INBOX_QUEUE } from "./inbox-queue";
import { publishShardName } from "./publish-queues";
import { QUEUES } from "./queues";
import { WEBHOOK_QUEUE } from "./webhook-queue";

/**
 * Every BullMQ queue StoryRelay uses, for work that must look at all of them (a deletion removes
 * the jobs that name what it deletes): the publish queue's shards beyond the first included
 * (PUBLISH_QUEUE_SHARDS). A new queue belongs here too.
 */
export function allQueueNames(publishShards: number): string[] {
  const shards = Array.from({ length: publishShards }, (_, shard) => publishShardName(shard));
  return [...new Set([...Object.values(QUEUES), ...shards, INBOX_QUEUE, WEBHOOK_QUEUE])];
}
