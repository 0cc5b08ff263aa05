import type { Db } from "@/lib/db/client";

/**
 * Retention: in every workspace, messages older than its messageRetentionDays lose their text and
 * attachment (purgedAt says when; the row stays, so counts per story and the thread's shape
 * remain), and conversations whose last message is that old lose their preview. Received
 * deliveries (the raw bytes) older than the shortest retention of any workspace are deleted
 * whatever their state: a FAILED one kept for an operator does not outlive the retention either.
 * `workspaceId` confines it (tests). Idempotent: a purged message is not touched again.
 */
export async function purgeExpiredMessages(
  deps: { db: Db },
  now: Date,
  options: { workspaceId?: string } = {},
): Promise<{ messages: number; conversations: number; deliveries: number }> {
  const only = options.workspaceId ?? null;
  const messages = await deps.db.$executeRaw`
    UPDATE "Message" AS m
       SET "text" = NULL, "attachmentUrl" = NULL, "purgedAt" = ${now}, "updatedAt" = ${now}
      FROM "Workspace" AS w
     WHERE m."workspaceId" = w."id"
       AND m."purgedAt" IS NULL
       AND m."sentAt" < ${now}::timestamptz - make_interval(days => w."messageRetentionDays")
       AND (${only}::text IS NULL OR w."id" = ${only}::text)`;
  const conversations = await deps.db.$executeRaw`
    UPDATE "Conversation" AS c
       SET "lastMessagePreview" = NULL, "updatedAt" = ${now}
      FROM "Workspace" AS w
     WHERE c."workspaceId" = w."id"
       AND c."lastMessagePreview" IS NOT NULL
       AND c."lastMessageAt" < ${now}::timestamptz - make_interval(days => w."messageRetentionDays")
       AND (${only}::text IS NULL OR w."id" = ${only}::text)`;
  let deliveries = 0;
  if (!only) {
    const shortest = await deps.db.workspace.aggregate({ _min: { messageRetentionDays: true } });
    const days = shortest._min.messageRetentionDays;
    if (days !== null) {
      ({ count: deliveries } = await deps.db.inboundDelivery.deleteMany({
        where: { receivedAt: { lt: new Date(now.getTime() - days * 86_400_000) } },
      }));
    }
  }
  return { messages, conversations, deliveries };
}
