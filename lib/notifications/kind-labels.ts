import type { NotificationKind } from "./notify";

/** What each kind of notice is about, in the words of the settings pages. */
export const NOTIFICATION_KIND_LABELS: Record<NotificationKind, string> = {
  "story.review_requested": "A story waits for review",
  "story.approved": "A story was approved",
  "story.changes_requested": "A reviewer asked for changes",
  "story.comment": "Someone commented on a story",
  "story.mention": "Someone mentioned a member in a comment",
  "story.approval_overdue": "A story was not approved by its time",
  "story.published": "A story went out",
  "story.failed": "A story failed",
  "story.partially_failed": "A story partly failed",
  "story.expired": "A story missed its freshness deadline",
  "channel.needs_reauth": "A channel must be reconnected",
  "channel.token_expiring": "A channel's token expires soon",
  "handoff.due": "A story is due to be posted by hand",
  "inbox.reply": "Someone replied to, reacted to or mentioned a story",
  "inbox.assigned_reply": "Someone wrote in a conversation assigned to you",
  "inbox.assigned": "A conversation was assigned to you",
  "inbox.window_closing": "A reply window closes within the hour, unanswered",
};
