import type { Prisma } from "@/lib/db/generated/client";
import type { RequestOrigin } from "./request-origin";

type Tx = Prisma.TransactionClient;

/**
 * Who acted: the part of the workspace context the trail keeps. Spelled out here rather than
 * picked from lib/workspaces, which records audit entries itself (docs/architecture.md, layers).
 * The edges put the request's origin on the context they resolve (a page, a server action, the
 * API, a review link), so every use case's entry carries it without the use case knowing.
 */
export type AuditActor = {
  workspaceId: string;
  userId: string | null;
  apiKeyId: string | null;
  /** A client acting through a review link: no user, no API key. */
  reviewLinkId?: string | null;
  /** Absent for work that no request started (workers, the CLI). */
  origin?: RequestOrigin | null;
};

/** What an entry is about, for the viewer's filters; derived from the entity when not given. */
export type AuditScope = { brandId?: string | null; storyId?: string | null; channelId?: string | null };

/** Appends an audit entry inside the caller's transaction, so the entry exists exactly when the change does. */
export async function recordAudit(
  tx: Tx,
  ctx: AuditActor,
  entry: {
    action: string;
    entityType: string;
    entityId: string;
    data?: Prisma.InputJsonValue;
  } & AuditScope,
): Promise<void> {
  const scope = { ...(await scopeOfEntity(tx, ctx.workspaceId, entry)), ...definedOnly(entry) };
  await tx.auditLog.create({
    data: {
      workspaceId: ctx.workspaceId,
      actorUserId: ctx.userId,
      actorApiKeyId: ctx.apiKeyId,
      actorReviewLinkId: ctx.reviewLinkId ?? null,
      ip: ctx.origin?.ip ?? null,
      userAgent: ctx.origin?.userAgent ?? null,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      data: entry.data ?? {},
      brandId: scope.brandId ?? null,
      storyId: scope.storyId ?? null,
      channelId: scope.channelId ?? null,
    },
  });
}

function definedOnly(scope: AuditScope): AuditScope {
  return Object.fromEntries(Object.entries(scope).filter(([key, value]) => value != null && isScopeKey(key)));
}

function isScopeKey(key: string): key is keyof AuditScope {
  return key === "brandId" || key === "storyId" || key === "channelId";
}

/**
 * The brand, story and channel an entry is about when its entity is one of them (or a story's
 * target, or an inbox conversation), read inside the same transaction so an entity made by it is found. Other entities
 * (a member, an API key) are about no brand unless the call site says so.
 */
async function scopeOfEntity(
  tx: Tx,
  workspaceId: string,
  entry: { entityType: string; entityId: string },
): Promise<AuditScope> {
  const id = entry.entityId;
  switch (entry.entityType) {
    case "Brand":
      return { brandId: id };
    case "Story": {
      const story = await tx.story.findFirst({ where: { id, workspaceId }, select: { brandId: true } });
      return { storyId: id, brandId: story?.brandId ?? null };
    }
    case "Channel": {
      const channel = await tx.channel.findFirst({ where: { id, workspaceId }, select: { brandId: true } });
      return { channelId: id, brandId: channel?.brandId ?? null };
    }
    case "Conversation": {
      // An erased conversation is gone by the time its entry is written: the call site passes
      // the brand and channel then.
      const conversation = await tx.conversation.findFirst({
        where: { id, workspaceId },
        select: { brandId: true, channelId: true },
      });
      return conversation ?? {};
    }
    case "StoryTarget": {
      const target = await tx.storyTarget.findFirst({
        where: { id, workspaceId },
        select: { storyId: true, channelId: true, story: { select: { brandId: true } } },
      });
      return target
        ? { storyId: target.storyId, channelId: target.channelId, brandId: target.story.brandId }
        : {};
    }
    default:
      return {};
  }
}
