import type { Redis } from "ioredis";
import { z } from "zod";

/**
 * Live inbox updates: after a change commits (a message received or sent, a conversation assigned,
 * read, closed or erased), its writer publishes one small event on the workspace's Redis channel;
 * each open inbox page holds a server-sent-events stream subscribed to it and re-reads what
 * changed. The event carries ids only, never a message's text: Redis is not where personal data
 * is kept, and the reader re-checks the member's access when it reads.
 */
export const inboxEventSchema = z.object({
  type: z.enum(["message", "conversation"]),
  conversationId: z.string().min(1),
  brandId: z.string().min(1),
});
export type InboxEvent = z.infer<typeof inboxEventSchema>;

export const inboxChannel = (workspaceId: string) => `storyrelay:inbox:${workspaceId}`;

/** Publishes after commit. Never throws: a missed live update costs a reload, a thrown one the change's answer. */
export async function publishInboxEvent(redis: Redis, workspaceId: string, event: InboxEvent): Promise<void> {
  await redis.publish(inboxChannel(workspaceId), JSON.stringify(event)).catch(() => undefined);
}

/** Reads one message of the channel; anything else on it is ignored. */
export function parseInboxEvent(raw: string): InboxEvent | undefined {
  try {
    const parsed = inboxEventSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
