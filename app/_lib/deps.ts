import "server-only";
import { type SecretBox, secretBoxFromEnv } from "@/lib/crypto/secret-box";
import { type Db, db } from "@/lib/db/client";
import { type Env, env } from "@/lib/env";
import { createLogger, type Logger } from "@/lib/logger";
import type { MediaStorage } from "@/lib/media/storage";
import { mediaStorage } from "@/lib/media/storage-config";
import type { PublishQueues } from "@/lib/queue/publish-queues";
import { webPublishQueues } from "@/lib/queue/web-publish-queues";
import { type WebhookQueue, webWebhookQueue } from "@/lib/queue/webhook-queue";

/**
 * What the server actions' use cases are built from, in one place. Each part is made on first
 * use: an action that only reads the database opens no Redis connection.
 */
export type WebDeps = {
  readonly env: Env;
  readonly db: Db;
  readonly queues: PublishQueues;
  readonly webhookQueue: WebhookQueue;
  readonly logger: Logger;
  readonly box: SecretBox;
  readonly storage: MediaStorage;
  /** How far ahead a story may be scheduled (SCHEDULE_HORIZON_DAYS). */
  readonly scheduleHorizonDays: number;
};

const logger = createLogger("web");

export function webDeps(): WebDeps {
  return {
    get env() {
      return env();
    },
    get db() {
      return db();
    },
    get queues() {
      return webPublishQueues();
    },
    get webhookQueue() {
      return webWebhookQueue();
    },
    logger,
    get box() {
      return secretBoxFromEnv(env());
    },
    get storage() {
      return mediaStorage();
    },
    get scheduleHorizonDays() {
      return env().SCHEDULE_HORIZON_DAYS;
    },
  };
}
