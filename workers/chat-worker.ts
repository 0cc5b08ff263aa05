import { secretBoxFromEnv } from "@/lib/crypto/secret-box";
import type { Db } from "@/lib/db/client";
import type { Env } from "@/lib/env";
import { messageOf } from "@/lib/errors";
import type { Logger } from "@/lib/logger";
import { type ChatDeliveryDeps, deliverDueChatMessages } from "@/lib/notifications/deliver-chat-message";

/** How often due chat posts are looked up: the latency of a notice reaching the chat. */
const CHAT_SWEEP_MS = 2_000;

export type ChatWorkerOptions = {
  db: Db;
  config: Pick<
    Env,
    "ENCRYPTION_KEY" | "ENCRYPTION_KEY_ID" | "ALLOW_PRIVATE_URLS" | "WEBHOOK_DEADLINE_MS" | "PUBLIC_BASE_URL"
  >;
  logger: Logger;
  retry?: Partial<Pick<ChatDeliveryDeps, "maxAttempts" | "retryBaseMs" | "retryMaxMs">>;
  intervalMs?: number;
};

/**
 * Delivers the chat outbox (ChatMessage rows written in notify()'s transactions) on a plain
 * timer: each due row is claimed with a lease in Postgres, so several worker processes post each
 * message once, and nothing of it lives only in Redis.
 */
export function startChatWorker(options: ChatWorkerOptions) {
  const deps: ChatDeliveryDeps = {
    db: options.db,
    box: secretBoxFromEnv(options.config),
    post: { allowPrivate: options.config.ALLOW_PRIVATE_URLS, deadlineMs: options.config.WEBHOOK_DEADLINE_MS },
    baseUrl: options.config.PUBLIC_BASE_URL,
    now: () => new Date(),
    maxAttempts: 8,
    retryBaseMs: 30_000,
    retryMaxMs: 3 * 3_600_000,
    ...options.retry,
  };
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  const tick = async () => {
    try {
      running = deliverDueChatMessages(deps);
      await running;
    } catch (error) {
      options.logger.warn({ reason: messageOf(error) }, "chat delivery failed; next try soon");
    }
    if (!stopped) timer = setTimeout(() => void tick(), options.intervalMs ?? CHAT_SWEEP_MS).unref();
  };
  void tick();
  return {
    async close() {
      stopped = true;
      clearTimeout(timer);
      await running.catch(() => undefined);
    },
  };
}
