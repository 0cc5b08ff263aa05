import { db, sql } from "@/lib/db/client";
import { env } from "@/lib/env";
import type { WahaReceiveDeps } from "@/lib/inbox/receive-waha-delivery";
import type { InsightsWebhookDeps } from "@/lib/insights/receive-insights-webhook";
import type { WebhookVerificationDeps } from "@/lib/insights/receive-webhook-verification";
import type { WebhookSecret } from "@/lib/insights/webhook-signature";
import { createLogger } from "@/lib/logger";
import { SANDBOX_APP } from "@/lib/oauth/login-endpoints";
import { webInboxQueue } from "@/lib/queue/inbox-queue";

export type MetaWebhookDeps = InsightsWebhookDeps & WebhookVerificationDeps;

/**
 * The app secrets a delivery may be signed with: the Meta app's (Facebook Login) and the Instagram
 * app's, either of which may be the one subscribed, and the simulators' own app, whose deliveries
 * reach sandbox channels only (lib/insights/webhook-signature.ts).
 */
export function webhookSecrets(config: { META_APP_SECRET?: string; INSTAGRAM_APP_SECRET?: string }) {
  const secrets: WebhookSecret[] = [];
  for (const secret of [config.META_APP_SECRET, config.INSTAGRAM_APP_SECRET]) {
    if (secret) secrets.push({ secret, sandbox: false });
  }
  secrets.push({ secret: SANDBOX_APP.secret, sandbox: true });
  return secrets;
}

const holder = globalThis as { storyRelayMetaWebhookDeps?: MetaWebhookDeps };

/** What the Meta webhook route needs, built once per web process from configuration. */
export function metaWebhookDeps(): MetaWebhookDeps {
  if (!holder.storyRelayMetaWebhookDeps) {
    const config = env();
    holder.storyRelayMetaWebhookDeps = {
      db: db(),
      logger: createLogger("meta-webhook"),
      secrets: webhookSecrets(config),
      verifyToken: config.META_WEBHOOK_VERIFY_TOKEN,
      now: () => new Date(),
    };
  }
  return holder.storyRelayMetaWebhookDeps;
}

/** Integration tests call the route in-process with their own secrets and verify token. */
export function setMetaWebhookDepsForTests(overrides: Partial<MetaWebhookDeps>): void {
  holder.storyRelayMetaWebhookDeps = { ...metaWebhookDeps(), ...overrides };
}

const inboxHolder = globalThis as { storyRelayInboxReceiveDeps?: WahaReceiveDeps };

/**
 * What the receivers of messaging deliveries need (Meta's endpoint for its `messaging` entries,
 * WAHA's per-channel URLs): the database, the inbox queue, and the server secret WAHA keys derive from.
 */
export function inboxReceiveDeps(): WahaReceiveDeps {
  if (!inboxHolder.storyRelayInboxReceiveDeps) {
    const config = env();
    inboxHolder.storyRelayInboxReceiveDeps = {
      db: db(),
      sql: sql(),
      queue: webInboxQueue(),
      logger: createLogger("inbox-webhook"),
      serverSecret: config.AUTH_SECRET,
      now: () => new Date(),
    };
  }
  return inboxHolder.storyRelayInboxReceiveDeps;
}

/** Integration tests and the benchmark point the receivers at their own queue. */
export function setInboxReceiveDepsForTests(overrides: Partial<WahaReceiveDeps>): void {
  inboxHolder.storyRelayInboxReceiveDeps = { ...inboxReceiveDeps(), ...overrides };
}
