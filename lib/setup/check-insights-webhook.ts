import { formatNamedInstant } from "@/lib/core/instant-format";
import type { SetupCheck } from "@/lib/core/setup-check";
import type { Db } from "@/lib/db/client";
import { readWebhookStatus, type WebhookStatus } from "@/lib/insights/webhook-status";

/** Where Meta delivers: app/api/webhooks/meta. */
export const META_WEBHOOK_PATH = "/api/webhooks/meta";
/** The Instagram webhook field that brings a story's final numbers when it expires. */
export const STORY_INSIGHTS_FIELD = "story_insights";
/**
 * What the inbox needs from each object: people's messages (story replies and mentions come as
 * messages), their reactions, and on a Page the echoes of what the Page sent from other apps.
 */
const INSTAGRAM_FIELDS = [STORY_INSIGHTS_FIELD, "messages", "message_reactions"].join(", ");
const PAGE_FIELDS = ["messages", "message_reactions", "message_echoes"].join(", ");

export type InsightsWebhookConfig = {
  PUBLIC_BASE_URL: string;
  META_WEBHOOK_VERIFY_TOKEN?: string;
  META_APP_SECRET?: string;
  INSTAGRAM_APP_SECRET?: string;
};

/** The check with what the endpoint last saw, read from the database. */
export async function checkInsightsWebhookNow(deps: {
  db: Db;
  config: InsightsWebhookConfig;
  now: Date;
}): Promise<SetupCheck> {
  return checkInsightsWebhook(deps.config, await readWebhookStatus(deps), deps.now);
}

/**
 * Meta's webhook: Instagram's `story_insights` (the final numbers of a story when it expires,
 * which polling can no longer read) and the messaging fields the replies inbox lives on. Shows what to paste in the Meta app (callback URL, the field) and
 * whether Meta has verified the callback and delivered, or was refused and why.
 */
export function checkInsightsWebhook(
  config: InsightsWebhookConfig,
  status: WebhookStatus,
  now: Date,
): SetupCheck {
  const base = {
    id: "insights-webhook",
    title: "Meta webhook: story insights and replies",
    copy: [
      { label: "Callback URL", value: `${config.PUBLIC_BASE_URL}${META_WEBHOOK_PATH}` },
      { label: "Fields to subscribe (Instagram object)", value: INSTAGRAM_FIELDS },
      { label: "Fields to subscribe (Page object)", value: PAGE_FIELDS },
    ],
  };
  const when = (at: Date) => formatNamedInstant(at, "UTC", "date-time-seconds", now);
  const secrets = [
    config.META_APP_SECRET && "META_APP_SECRET",
    config.INSTAGRAM_APP_SECRET && "INSTAGRAM_APP_SECRET",
  ]
    .filter(Boolean)
    .join(" and ");
  const seen = [
    status.lastVerifiedAt
      ? `The callback was last verified (Meta's handshake, or the sandbox's) ${when(status.lastVerifiedAt)}.`
      : "",
    status.lastDeliveryAt
      ? `Last delivery received ${when(status.lastDeliveryAt)} (${status.lastDeliveryStored ?? 0} new final readings stored).`
      : "No delivery received yet.",
    status.lastRefusedAt
      ? `Last refused ${when(status.lastRefusedAt)}: ${status.lastRefusedReason ?? ""} (${status.refusedCount} refused in all.)`
      : "",
  ]
    .filter(Boolean)
    .join(" ");
  const subscribe = `In the Meta app: Webhooks → Instagram → Callback URL and Verify Token (META_WEBHOOK_VERIFY_TOKEN), then subscribe to ${INSTAGRAM_FIELDS}; and for Facebook Pages (Messenger) the Page object's ${PAGE_FIELDS}. Meta delivers story insights only for accounts that granted instagram_manage_insights, and messages only with instagram_business_manage_messages (or instagram_manage_messages) and pages_messaging, to an app with Advanced Access.`;

  if (!secrets) {
    return {
      ...base,
      status: "skip",
      detail: `No Meta or Instagram app secret is set, so only the simulators' deliveries (signed with the sandbox app's secret, for sandbox channels) are accepted. META_WEBHOOK_VERIFY_TOKEN is ${config.META_WEBHOOK_VERIFY_TOKEN ? "set" : "not set"}. ${seen}`,
      fix: "",
    };
  }
  if (!config.META_WEBHOOK_VERIFY_TOKEN) {
    // A warning, not a problem: the final poll still reads a story's numbers before it expires.
    return {
      ...base,
      status: "warn",
      detail: `META_WEBHOOK_VERIFY_TOKEN is not set, so Meta cannot verify the callback and delivers neither replies to stories nor their final numbers (the last poll before expiry still reads those). Deliveries would be checked with ${secrets}. ${seen}`,
      fix: `Set META_WEBHOOK_VERIFY_TOKEN to a random string (e.g. \`openssl rand -hex 16\`) and restart. ${subscribe}`,
    };
  }
  const refusedLast =
    status.lastRefusedAt &&
    (!status.lastDeliveryAt || status.lastRefusedAt > status.lastDeliveryAt) &&
    (!status.lastVerifiedAt || status.lastRefusedAt > status.lastVerifiedAt);
  if (refusedLast) {
    return {
      ...base,
      status: "warn",
      detail: `The verify token and ${secrets} are set, but the last request was refused. ${seen}`,
      fix: `If Meta sent it, its app secret or Verify Token differs from the ones set here: compare them with the app's settings. ${subscribe}`,
    };
  }
  if (!status.lastVerifiedAt && !status.lastDeliveryAt) {
    return {
      ...base,
      status: "warn",
      detail: `The verify token and ${secrets} are set; Meta has not called the callback yet. ${seen}`,
      fix: subscribe,
    };
  }
  return {
    ...base,
    status: "pass",
    detail: `The verify token and ${secrets} are set. ${seen}`,
    fix: "",
  };
}
