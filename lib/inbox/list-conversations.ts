import { z } from "zod";
import { getBrand } from "@/lib/brands/get-brand";
import type { Db } from "@/lib/db/client";
import { ConversationStatus, Platform } from "@/lib/db/generated/enums";
import { parseInput } from "@/lib/validation";
import { visibleBrandFilter, type WorkspaceContext } from "@/lib/workspaces/context";
import { conversationsAfterCursor, encodeConversationCursor } from "./conversation-cursor";
import { assertInboxReader, conversationWindow } from "./inbox-access";

export const listConversationsSchema = z.object({
  brandId: z.string().trim().min(1).max(100).optional(),
  platform: z.enum(Platform).optional(),
  /** Only conversations with a reply, reaction or mention about one of this story's frames. */
  storyId: z.string().trim().min(1).max(100).optional(),
  assignedToMe: z.boolean().default(false),
  /** Only conversations whose last message is the person's. */
  unanswered: z.boolean().default(false),
  status: z.enum(ConversationStatus).optional(),
  limit: z.number().int().min(1).max(100).default(30),
  cursor: z.string().min(1).max(500).optional(),
});

/**
 * The inbox: conversations of one brand or of every brand the caller sees, latest message
 * first, filtered, a page at a time. A brand the caller cannot see is NOT_FOUND.
 */
export async function listConversations(
  deps: { db: Db; now?: () => Date },
  ctx: WorkspaceContext,
  input: z.input<typeof listConversationsSchema> = {},
) {
  assertInboxReader(ctx);
  const filter = parseInput(listConversationsSchema, input);
  const { db } = deps;
  const now = deps.now?.() ?? new Date();
  if (filter.brandId) await getBrand(db, ctx, filter.brandId);
  const brands = visibleBrandFilter(ctx);
  const workspace = await db.workspace.findUniqueOrThrow({
    where: { id: ctx.workspaceId },
    select: { humanAgentReplies: true },
  });
  const conversationFields = db.conversation.fields;
  // Served by Conversation(workspaceId, brandId, lastMessageAt).
  const rows = await db.conversation.findMany({
    where: {
      workspaceId: ctx.workspaceId,
      ...(filter.brandId ? { brandId: filter.brandId } : brands.id ? { brandId: brands.id } : {}),
      ...(filter.platform ? { channel: { platform: filter.platform } } : {}),
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.assignedToMe ? { assigneeId: ctx.userId ?? "-" } : {}),
      ...(filter.storyId
        ? { messages: { some: { targetFrame: { target: { storyId: filter.storyId } } } } }
        : {}),
      AND: [
        ...(filter.unanswered
          ? [
              {
                lastInboundAt: { not: null },
                OR: [{ lastOutboundAt: null }, { lastOutboundAt: { lt: conversationFields.lastInboundAt } }],
              },
            ]
          : []),
        ...(filter.cursor ? [conversationsAfterCursor(filter.cursor)] : []),
      ],
    },
    orderBy: [{ lastMessageAt: "desc" }, { id: "desc" }],
    take: filter.limit + 1,
    select: {
      id: true,
      participantId: true,
      participantName: true,
      participantHandle: true,
      participantAvatarUrl: true,
      status: true,
      unreadCount: true,
      lastInboundAt: true,
      lastOutboundAt: true,
      lastMessageAt: true,
      lastMessagePreview: true,
      brand: { select: { id: true, name: true } },
      channel: { select: { id: true, platform: true, displayName: true } },
      assignee: { select: { id: true, name: true } },
    },
  });
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1);
  return {
    conversations: page.map((row) => ({
      ...row,
      window: conversationWindow({
        platform: row.channel.platform,
        lastInboundAt: row.lastInboundAt,
        humanAgentReplies: workspace.humanAgentReplies,
        now,
      }),
    })),
    nextCursor: rows.length > filter.limit && last ? encodeConversationCursor(last) : null,
  };
}

export type ConversationListItem = Awaited<ReturnType<typeof listConversations>>["conversations"][number];
