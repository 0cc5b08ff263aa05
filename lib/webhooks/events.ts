/** Events a webhook endpoint can subscribe to. */
export const WEBHOOK_EVENTS = [
  "story.published",
  "story.failed",
  "story.partially_failed",
  "story.approved",
  "story.changes_requested",
  "story.commented",
  "story.insights_final",
  "channel.needs_reauth",
  "channel.token_expiring",
  "message.received",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

/** Sent only by the "send test event" button, to whichever endpoint it is pressed for. */
export const TEST_EVENT = "webhook.test";

export const WEBHOOK_EVENT_LABELS: Record<WebhookEventType, string> = {
  "story.published": "A story went out on every channel",
  "story.failed": "A story failed on every channel",
  "story.partially_failed": "A story went out on some channels and failed on others",
  "story.approved": "A reviewer approved a story",
  "story.changes_requested": "A reviewer sent a story back with a comment",
  "story.commented": "Someone commented on a story",
  "story.insights_final": "A story's final numbers are in on a channel (before the platform forgets them)",
  "channel.needs_reauth": "A channel must be reconnected",
  "channel.token_expiring": "A channel's token expires within 7 days (again at 1 day)",
  "message.received":
    "Someone replied to, reacted to or mentioned a story, or wrote to a channel (the text included)",
};
