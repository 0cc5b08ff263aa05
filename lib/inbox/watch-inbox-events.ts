import type { Redis } from "ioredis";
import { canSeeBrand, type WorkspaceContext } from "@/lib/workspaces/context";
import { assertInboxReader } from "./inbox-access";
import { type InboxEvent, inboxChannel, parseInboxEvent } from "./inbox-events";

/**
 * Follows the workspace's live inbox events for one member: only events about brands the member
 * sees reach `onEvent`. `subscriber` is a connection of its own (a subscribed ioredis connection
 * can do nothing else); the returned stop() unsubscribes and closes it.
 */
export async function watchInboxEvents(
  subscriber: Redis,
  ctx: WorkspaceContext,
  onEvent: (event: InboxEvent) => void,
): Promise<() => Promise<void>> {
  assertInboxReader(ctx);
  const channel = inboxChannel(ctx.workspaceId);
  subscriber.on("message", (from: string, raw: string) => {
    if (from !== channel) return;
    const event = parseInboxEvent(raw);
    if (event && canSeeBrand(ctx, event.brandId)) onEvent(event);
  });
  await subscriber.subscribe(channel);
  let stopped = false;
  return async () => {
    if (stopped) return;
    stopped = true;
    await subscriber.unsubscribe(channel).catch(() => undefined);
    await subscriber.quit().catch(() => subscriber.disconnect());
  };
}
