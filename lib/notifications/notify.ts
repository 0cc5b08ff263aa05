import type { Role } from "@/lib/core/roles";
import type { DbOrTx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { chatText } from "./chat-text";

/**
 * Every kind of notice a member can get, and who gets it besides the people an event names
 * (`userIds`: the author, a mentioned member, a handoff's assignee). One table, so a producer
 * never picks recipients by hand and the bell, e-mail and chat agree on who hears what.
 */
export const NOTIFICATION_AUDIENCE = {
  "story.review_requested": ["OWNER", "ADMIN", "APPROVER"],
  "story.approved": [],
  "story.changes_requested": [],
  "story.comment": [],
  "story.mention": [],
  "story.approval_overdue": ["OWNER", "ADMIN", "APPROVER"],
  "story.published": [],
  "story.failed": ["OWNER", "ADMIN"],
  "story.partially_failed": ["OWNER", "ADMIN"],
  "story.expired": [],
  "channel.needs_reauth": ["OWNER", "ADMIN"],
  "channel.token_expiring": ["OWNER", "ADMIN"],
  "handoff.due": [],
  // A reply, reaction or mention in an unassigned conversation: whoever answers for the brand.
  "inbox.reply": ["OWNER", "ADMIN", "EDITOR"],
  // The same in an assigned conversation: its assignee alone.
  "inbox.assigned_reply": [],
  "inbox.assigned": [],
  // Sent to the assignee; an unassigned conversation falls back to the owners and admins.
  "inbox.window_closing": [],
} as const satisfies Record<string, readonly Role[]>;

export type NotificationKind = keyof typeof NOTIFICATION_AUDIENCE;

/** Who is told when the named people are none (a story without an author, a handoff without an assignee). */
const FALLBACK_ROLES: readonly Role[] = ["OWNER", "ADMIN"];

export type NotificationEvent = {
  kind: NotificationKind;
  workspaceId: string;
  /**
   * The brand the event is about; members limited to other brands never hear of it. Null for a
   * workspace-wide event, which only members who see every brand get.
   */
  brandId: string | null;
  /** People the event names; they must still be members who can see the brand. */
  userIds?: readonly (string | null | undefined)[];
  /** Who caused it: not told about their own action. */
  actorUserId?: string | null;
  title: string;
  body: string;
  /** A path inside the workspace ("/stories/abc"); the notice links to /w/<slug><path>. */
  path: string | null;
  /**
   * The chat post's title when the notice's own would read wrong in a shared channel ("mentioned
   * you"); null posts nothing, for the second notice of one event (a comment that also mentions).
   */
  chatTitle?: string | null;
};

/** Kinds as a list, for the chat webhook's choice of what to post. */
export const NOTIFICATION_KINDS = Object.keys(NOTIFICATION_AUDIENCE) as NotificationKind[];

/**
 * Writes one unread notice per recipient in the caller's transaction, so a notice exists exactly
 * when the change it reports does. The same transaction writes one chat post for the event (not
 * one per recipient) when the workspace has a chat webhook taking this kind; the chat worker and
 * the mail sweep send them after commit (Postgres is the outbox, so nothing is lost in between). Recipients: the named people plus the kind's roles, limited to
 * members who can see the brand, without the actor. When nobody can hear of it (nobody named, or the
 * named ones are gone, and the kind has no roles), the owners and admins who can see the brand, so
 * an event is never lost. Returns the recipients' user ids.
 */
export async function notify(tx: DbOrTx, event: NotificationEvent): Promise<string[]> {
  if (!Object.hasOwn(NOTIFICATION_AUDIENCE, event.kind)) {
    throw new AppError("INVALID_INPUT", `Unknown notification kind "${event.kind}".`);
  }
  if (event.path !== null && !event.path.startsWith("/")) {
    throw new AppError("INVALID_INPUT", `A notification path starts with "/" (got "${event.path}").`);
  }
  const roles: readonly Role[] = NOTIFICATION_AUDIENCE[event.kind];
  const named = [...new Set(event.userIds ?? [])].filter((id): id is string => typeof id === "string");
  const seesBrand =
    event.brandId === null
      ? { limitedToBrands: false }
      : { OR: [{ limitedToBrands: false }, { brands: { some: { brandId: event.brandId } } }] };
  const audience = async (who: object) =>
    (
      await tx.membership.findMany({
        where: { workspaceId: event.workspaceId, AND: [seesBrand, who] },
        select: { userId: true },
      })
    ).map((m) => m.userId);
  const who = [
    ...(named.length > 0 ? [{ userId: { in: named } }] : []),
    ...(roles.length > 0 ? [{ role: { in: [...roles] } }] : []),
  ];
  let audienceIds = who.length > 0 ? await audience({ OR: who }) : [];
  // The fallback is for an event nobody can hear of, not for one whose only hearer is its actor
  // (someone who mentions themself tells no one).
  if (audienceIds.length === 0 && roles.length === 0) {
    audienceIds = await audience({ role: { in: [...FALLBACK_ROLES] } });
  }
  const recipients = audienceIds.filter((id) => id !== event.actorUserId);
  if (recipients.length === 0) return [];
  const workspace = await tx.workspace.findUniqueOrThrow({
    where: { id: event.workspaceId },
    select: { slug: true, chatWebhook: { select: { id: true, kinds: true } } },
  });
  const link = event.path === null ? null : `/w/${workspace.slug}${event.path}`;
  await tx.notification.createMany({
    data: recipients.map((userId) => ({
      workspaceId: event.workspaceId,
      userId,
      brandId: event.brandId,
      kind: event.kind,
      title: event.title,
      body: event.body,
      link,
    })),
  });
  const chat = workspace.chatWebhook;
  if (chat?.kinds.includes(event.kind) && event.chatTitle !== null) {
    await tx.chatMessage.create({
      data: {
        workspaceId: event.workspaceId,
        chatWebhookId: chat.id,
        kind: event.kind,
        // The link is completed with PUBLIC_BASE_URL when it is sent (the worker knows it).
        text: chatText({ title: event.chatTitle ?? event.title, body: event.body, link }),
        nextAttemptAt: new Date(),
      },
    });
  }
  return recipients;
}
