import { INBOX_QUEUE } from "./inbox-queue";
import { QUEUES } from "./queues";
import { WEBHOOK_QUEUE } from "./webhook-queue";

/**
 * Every BullMQ queue StoryRelay uses, for work that must look at all of them (a deletion removes
 * the jobs that name what it deletes). A new queue belongs here too.
 */
export const ALL_QUEUE_NAMES: readonly string[] = [...Object.values(QUEUES), INBOX_QUEUE, WEBHOOK_QUEUE];
