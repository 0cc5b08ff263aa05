/**
 * What each action is called on the audit page and in its CSV, and the group its filter puts it
 * in. One table, so a new action is named in one place; an action missing here is shown raw
 * (its dotted name) in the group "other", never hidden.
 */
export const AUDIT_GROUPS = {
  access: "Sign-in and access",
  members: "Members and invites",
  channels: "Channels",
  api: "API keys and webhooks",
  stories: "Stories",
  reviews: "Approvals and reviews",
  inbox: "Inbox",
  media: "Media",
  exports: "Exports and deletions",
  settings: "Settings",
  other: "Other",
} as const;

export type AuditGroup = keyof typeof AUDIT_GROUPS;

const ACTIONS: Record<string, { label: string; group: AuditGroup }> = {
  "auth.sign_in": { label: "Signed in", group: "access" },
  "auth.sign_in_refused": { label: "Sign-in refused", group: "access" },
  "auth.password_accepted": { label: "Password accepted, second factor asked", group: "access" },
  "workspace.create": { label: "Created the workspace", group: "settings" },
  "workspace.rename": { label: "Renamed the workspace", group: "settings" },
  "member.invite": { label: "Invited a member", group: "members" },
  "member.invite.revoke": { label: "Revoked an invite", group: "members" },
  "member.join": { label: "Joined through an invite", group: "members" },
  "member.update": { label: "Changed a member's role or brands", group: "members" },
  "member.remove": { label: "Removed a member", group: "members" },
  "channel.connect": { label: "Connected a channel", group: "channels" },
  "channel.reconnect": { label: "Reconnected a channel", group: "channels" },
  "channel.disconnect": { label: "Disconnected a channel", group: "channels" },
  "channel.pairing_start": { label: "Started pairing WhatsApp", group: "channels" },
  "channel.repair_start": { label: "Started re-pairing WhatsApp", group: "channels" },
  "apikey.create": { label: "Created an API key", group: "api" },
  "apikey.revoke": { label: "Revoked an API key", group: "api" },
  "webhook.create": { label: "Added a webhook", group: "api" },
  "webhook.delete": { label: "Deleted a webhook", group: "api" },
  "brand.create": { label: "Created a brand", group: "settings" },
  "brand.update": { label: "Changed a brand's settings", group: "settings" },
  "chat_webhook.save": { label: "Saved the chat notification channel", group: "settings" },
  "chat_webhook.remove": { label: "Removed the chat notification channel", group: "settings" },
  "calendar_feed.create": { label: "Created a calendar feed", group: "settings" },
  "calendar_feed.rotate": { label: "Replaced a calendar feed's address", group: "settings" },
  "calendar_feed.revoke": { label: "Turned off a calendar feed", group: "settings" },
  "workspace.inbox_settings": { label: "Changed the inbox settings", group: "settings" },
  "workspace.two_factor.require": { label: "Required two-factor sign-in", group: "access" },
  "workspace.two_factor.unrequire": { label: "Stopped requiring two-factor sign-in", group: "access" },
  "conversation.reply": { label: "Replied in the inbox", group: "inbox" },
  "conversation.assign": { label: "Assigned a conversation", group: "inbox" },
  "conversation.done": { label: "Marked a conversation done", group: "inbox" },
  "conversation.reopen": { label: "Reopened a conversation", group: "inbox" },
  "story.draft": { label: "Saved a draft", group: "stories" },
  "story.schedule": { label: "Scheduled a story", group: "stories" },
  "story.update": { label: "Edited a story", group: "stories" },
  "story.reschedule": { label: "Rescheduled a story", group: "stories" },
  "story.publish_now": { label: "Published a story now", group: "stories" },
  "story.cancel": { label: "Cancelled a story", group: "stories" },
  "story.duplicate": { label: "Duplicated a story", group: "stories" },
  "story.audience": { label: "Chose who a WhatsApp status goes to", group: "stories" },
  "audience_list.create": { label: "Created a WhatsApp audience list", group: "channels" },
  "audience_list.update": { label: "Changed a WhatsApp audience list", group: "channels" },
  "audience_list.delete": { label: "Deleted a WhatsApp audience list", group: "channels" },
  "story.comment": { label: "Commented on a story", group: "stories" },
  "story.target.retry": { label: "Retried a channel's publish", group: "stories" },
  "story.target.resolve": { label: "Settled an unconfirmed publish", group: "stories" },
  "handoff.posted": { label: "Marked a hand-off as posted", group: "stories" },
  "handoff.not_posted": { label: "Marked a hand-off as not posted", group: "stories" },
  "plan.import": { label: "Imported a plan", group: "stories" },
  "story.approve": { label: "Approved a story", group: "reviews" },
  "story.request_changes": { label: "Requested changes", group: "reviews" },
  "story.client_comment": { label: "Client commented", group: "reviews" },
  "review_link.create": { label: "Created a review link", group: "reviews" },
  "review_link.revoke": { label: "Revoked a review link", group: "reviews" },
  "media.upload": { label: "Uploaded media", group: "media" },
  "media.reframe": { label: "Reframed media", group: "media" },
  "media.delete": { label: "Deleted media", group: "media" },
  "export.analytics": { label: "Exported analytics (CSV)", group: "exports" },
  "export.plan": { label: "Exported a brand's plan (CSV)", group: "exports" },
  "export.audit": { label: "Exported the audit log (CSV)", group: "exports" },
  "conversation.export": { label: "Exported a conversation's personal data", group: "exports" },
  "conversation.erase": { label: "Erased a conversation's personal data", group: "exports" },
};

/** The human label of an action; an unknown one is its own name, shown as it is. */
export function auditActionLabel(action: string): string {
  return ACTIONS[action]?.label ?? action;
}

export function auditActionGroup(action: string): AuditGroup {
  return ACTIONS[action]?.group ?? "other";
}

/** The actions a group filter matches; "other" is every action not in the table. */
export function actionsInGroup(group: Exclude<AuditGroup, "other">): string[] {
  return Object.entries(ACTIONS)
    .filter(([, entry]) => entry.group === group)
    .map(([action]) => action);
}

export function knownAuditActions(): string[] {
  return Object.keys(ACTIONS);
}

export function isAuditGroup(value: unknown): value is AuditGroup {
  return typeof value === "string" && Object.hasOwn(AUDIT_GROUPS, value);
}
