import type { Role } from "@/lib/core/roles";
import { type DbOrTx, type SqlRunner, sqlIn } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
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
 * the mail sweep send them after commit (Postgres is the outbox, so nothing is lost in between).
 * Recipients: the named people plus the kind's roles, limited to members who can see the brand,
 * without the actor. When nobody can hear of it (nobody named, or the named ones are gone, and the
 * kind has no roles), the owners and admins who can see the brand, so an event is never lost.
 * Returns the recipients' user ids.
 *
 * One statement chooses the recipients and writes their notices (the chat post is a second, when
 * there is one): the publish path runs this for every story it ends, in its own transaction
 * (`tx` is then a SqlRunner), and the ORM's three round trips here were most of that cost.
 */
export async function notify(tx: DbOrTx | SqlRunner, event: NotificationEvent): Promise<string[]> {
  if (!Object.hasOwn(NOTIFICATION_AUDIENCE, event.kind)) {
    throw new AppError("INVALID_INPUT", `Unknown notification kind "${event.kind}".`);
  }
  if (event.path !== null && !event.path.startsWith("/")) {
    throw new AppError("INVALID_INPUT", `A notification path starts with "/" (got "${event.path}").`);
  }
  const roles: readonly Role[] = NOTIFICATION_AUDIENCE[event.kind];
  const named = [...new Set(event.userIds ?? [])].filter((id): id is string => typeof id === "string");
  // The fallback is for an event nobody can hear of, not for one whose only hearer is its actor
  // (someone who mentions themself tells no one): so the actor is left out after it.
  const sql = sqlIn(tx);
  const [sent] = await sql.query<{
    recipients: string[];
    link: string | null;
    chatWebhookId: string | null;
    chatKinds: string[] | null;
  }>(Prisma.sql`
    WITH member AS (
      SELECT m."userId", m.role::text AS role FROM "Membership" m
      WHERE m."workspaceId" = ${event.workspaceId}
        AND (m."limitedToBrands" = false OR EXISTS (
          SELECT 1 FROM "MembershipBrand" mb WHERE mb."membershipId" = m.id AND mb."brandId" = ${event.brandId}::text))
    ), audience AS (
      SELECT "userId" FROM member WHERE "userId" = ANY(${named}::text[]) OR role = ANY(${[...roles]}::text[])
    ), heard AS (
      SELECT "userId" FROM audience
      UNION
      SELECT "userId" FROM member
      WHERE ${roles.length}::int = 0 AND NOT EXISTS (SELECT 1 FROM audience) AND role = ANY(${[...FALLBACK_ROLES]}::text[])
    ), ws AS (
      SELECT CASE WHEN ${event.path}::text IS NULL THEN NULL ELSE '/w/' || w.slug || ${event.path}::text END AS link,
        cw.id AS "chatWebhookId", cw.kinds AS "chatKinds"
      FROM "Workspace" w LEFT JOIN "ChatWebhook" cw ON cw."workspaceId" = w.id
      WHERE w.id = ${event.workspaceId}
    ), sent AS (
      INSERT INTO "Notification" (id, "workspaceId", "userId", "brandId", kind, title, body, link)
      SELECT gen_random_uuid()::text, ${event.workspaceId}, h."userId", ${event.brandId}::text, ${event.kind},
        ${event.title}, ${event.body}, ws.link
      FROM heard h, ws
      WHERE h."userId" IS DISTINCT FROM ${event.actorUserId ?? null}::text
      RETURNING "userId"
    )
    SELECT COALESCE((SELECT array_agg("userId") FROM sent), '{}') AS recipients, ws.link, ws."chatWebhookId",
      ws."chatKinds"
    FROM ws`);
  if (!sent || sent.recipients.length === 0) return [];
  if (sent.chatWebhookId && sent.chatKinds?.includes(event.kind) && event.chatTitle !== null) {
    // The link is completed with PUBLIC_BASE_URL when it is sent (the worker knows it).
    const text = chatText({ title: event.chatTitle ?? event.title, body: event.body, link: sent.link });
    await sql.execute(Prisma.sql`
      INSERT INTO "ChatMessage" (id, "workspaceId", "chatWebhookId", kind, text, "nextAttemptAt", "updatedAt")
      VALUES (gen_random_uuid()::text, ${event.workspaceId}, ${sent.chatWebhookId}, ${event.kind}, ${text}, now(), now())`);
  }
  return sent.recipients;
}
