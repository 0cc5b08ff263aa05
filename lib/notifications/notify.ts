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
 */
export async function notify(tx: DbOrTx | SqlRunner, event: NotificationEvent): Promise<string[]> {
  const [recipients] = await notifyMany(tx, [event]);
  return recipients ?? [];
}

/**
 * notify() for several events at once, each as if alone; returns each one's recipients, in order.
 * One statement chooses every event's recipients and writes their notices (the chat posts are a
 * second, when there are any): the publish path ends a burst's stories in batches, and a
 * statement per story for its notice had become one of the largest shares of a burst's
 * statements (decision 047).
 */
export async function notifyMany(
  tx: DbOrTx | SqlRunner,
  events: readonly NotificationEvent[],
): Promise<string[][]> {
  for (const event of events) {
    if (!Object.hasOwn(NOTIFICATION_AUDIENCE, event.kind)) {
      throw new AppError("INVALID_INPUT", `Unknown notification kind "${event.kind}".`);
    }
    if (event.path !== null && !event.path.startsWith("/")) {
      throw new AppError("INVALID_INPUT", `A notification path starts with "/" (got "${event.path}").`);
    }
  }
  if (events.length === 0) return [];
  // The fallback is for an event nobody can hear of, not for one whose only hearer is its actor
  // (someone who mentions themself tells no one): so the actor is left out after it.
  const rows = events.map((event, n) => ({
    n,
    workspaceId: event.workspaceId,
    brandId: event.brandId,
    kind: event.kind,
    title: event.title,
    body: event.body,
    path: event.path,
    actor: event.actorUserId ?? null,
    named: [...new Set(event.userIds ?? [])].filter((id): id is string => typeof id === "string"),
    roles: NOTIFICATION_AUDIENCE[event.kind],
  }));
  const sql = sqlIn(tx);
  const sent = await sql.query<{
    n: number;
    recipients: string[];
    link: string | null;
    chatWebhookId: string | null;
    chatKinds: string[] | null;
  }>(Prisma.sql`
    WITH e AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS e(n int, "workspaceId" text,
        "brandId" text, kind text, title text, body text, path text, actor text, named text[], roles text[])
    ), member AS (
      SELECT e.n, m."userId", m.role::text AS role FROM e JOIN "Membership" m ON m."workspaceId" = e."workspaceId"
      WHERE m."limitedToBrands" = false OR EXISTS (
        SELECT 1 FROM "MembershipBrand" mb WHERE mb."membershipId" = m.id AND mb."brandId" = e."brandId")
    ), audience AS (
      SELECT m.n, m."userId" FROM member m JOIN e ON e.n = m.n
      WHERE m."userId" = ANY(e.named) OR m.role = ANY(e.roles)
    ), heard AS (
      SELECT n, "userId" FROM audience
      UNION
      SELECT m.n, m."userId" FROM member m JOIN e ON e.n = m.n
      WHERE cardinality(e.roles) = 0 AND NOT EXISTS (SELECT 1 FROM audience a WHERE a.n = m.n)
        AND m.role = ANY(${[...FALLBACK_ROLES]}::text[])
    ), ws AS (
      SELECT e.n, CASE WHEN e.path IS NULL THEN NULL ELSE '/w/' || w.slug || e.path END AS link,
        cw.id AS "chatWebhookId", cw.kinds AS "chatKinds"
      FROM e JOIN "Workspace" w ON w.id = e."workspaceId" LEFT JOIN "ChatWebhook" cw ON cw."workspaceId" = w.id
    ), notice AS (
      -- Its id made here, not by the insert, so each row written is known to be its event's.
      SELECT gen_random_uuid()::text AS id, h.n, h."userId" FROM heard h JOIN e ON e.n = h.n
      WHERE h."userId" IS DISTINCT FROM e.actor
    ), sent AS (
      INSERT INTO "Notification" (id, "workspaceId", "userId", "brandId", kind, title, body, link)
      SELECT notice.id, e."workspaceId", notice."userId", e."brandId", e.kind, e.title, e.body, ws.link
      FROM notice JOIN e ON e.n = notice.n JOIN ws ON ws.n = notice.n
      RETURNING id
    )
    SELECT ws.n, ws.link, ws."chatWebhookId", ws."chatKinds",
      COALESCE((SELECT array_agg(notice."userId") FROM notice JOIN sent ON sent.id = notice.id
        WHERE notice.n = ws.n), '{}') AS recipients
    FROM ws ORDER BY ws.n`);
  const byEvent = new Map(sent.map((row) => [row.n, row]));
  const posts = events.flatMap((event, n) => {
    const row = byEvent.get(n);
    if (!row || row.recipients.length === 0 || !row.chatWebhookId) return [];
    if (!row.chatKinds?.includes(event.kind) || event.chatTitle === null) return [];
    // The link is completed with PUBLIC_BASE_URL when it is sent (the worker knows it).
    const text = chatText({ title: event.chatTitle ?? event.title, body: event.body, link: row.link });
    return [{ workspaceId: event.workspaceId, chatWebhookId: row.chatWebhookId, kind: event.kind, text }];
  });
  if (posts.length > 0) {
    await sql.execute(Prisma.sql`
      INSERT INTO "ChatMessage" (id, "workspaceId", "chatWebhookId", kind, text, "nextAttemptAt", "updatedAt")
      SELECT gen_random_uuid()::text, p."workspaceId", p."chatWebhookId", p.kind, p.text, now(), now()
      FROM unnest(${posts.map((p) => p.workspaceId)}::text[], ${posts.map((p) => p.chatWebhookId)}::text[],
        ${posts.map((p) => p.kind)}::text[], ${posts.map((p) => p.text)}::text[]) AS p("workspaceId", "chatWebhookId", kind, text)`);
  }
  return events.map((_, n) => byEvent.get(n)?.recipients ?? []);
}
