import { watchInboxEvents } from "@/lib/inbox/watch-inbox-events";
import { createRedisClient, type RedisTarget } from "@/lib/redis/topology";
import type { WorkspaceContext } from "@/lib/workspaces/context";

/** Often enough that proxies (and Next's own server) do not close an idle stream. */
export const HEARTBEAT_MS = 20_000;

/**
 * The inbox page's server-sent events for one member: `event: inbox` with the event's ids (never
 * a message's text) for each change to a brand they see, a comment line as a heartbeat, and
 * everything closed when the browser goes away (`signal`).
 */
export async function inboxEventStream(input: {
  /** A plain URL or the configured topology (a Cluster client subscribes through one of its nodes). */
  redisUrl: RedisTarget;
  ctx: WorkspaceContext;
  signal: AbortSignal;
  heartbeatMs?: number;
}): Promise<ReadableStream<Uint8Array>> {
  const encoder = new TextEncoder();
  // Its own connection: a subscribed connection cannot run the app's other commands.
  const subscriber = createRedisClient(input.redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 5_000 });
  subscriber.on("error", () => {});
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  const send = (text: string) => {
    try {
      controller?.enqueue(encoder.encode(text));
    } catch {
      // The stream was closed between the event and this write.
    }
  };
  let stop: () => Promise<void>;
  try {
    stop = await watchInboxEvents(subscriber, input.ctx, (event) => {
      send(`event: inbox\ndata: ${JSON.stringify(event)}\n\n`);
    });
  } catch (error) {
    subscriber.disconnect();
    throw error;
  }
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  const close = () => {
    if (heartbeat) clearInterval(heartbeat);
    void stop();
    try {
      controller?.close();
    } catch {
      // Already closed.
    }
  };
  return new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
      // The browser retries after 3 s when the stream drops (a deploy, a network change).
      send("retry: 3000\n: connected\n\n");
      heartbeat = setInterval(() => send(": ping\n\n"), input.heartbeatMs ?? HEARTBEAT_MS);
      if (input.signal.aborted) close();
      else input.signal.addEventListener("abort", close, { once: true });
    },
    cancel() {
      close();
    },
  });
}
