import { platformDescriptor } from "@/lib/core/platforms/registry";
import { type ReplyWindow, replyWindow } from "@/lib/core/reply-window";
import type { DbOrTx } from "@/lib/db/client";
import type { Platform } from "@/lib/db/generated/enums";
import { AppError } from "@/lib/errors";
import {
  assertCan,
  assertNotClientMember,
  canSeeBrand,
  type WorkspaceContext,
} from "@/lib/workspaces/context";

/**
 * Who may read the inbox: every member but an agency's client reviewer. Messages are people's
 * private words to the brand; a client sees the stories they review, not who wrote about them.
 */
export function assertInboxReader(ctx: WorkspaceContext): void {
  assertCan(ctx, "inbox:view", "read the inbox");
  assertNotClientMember(ctx, "read the inbox");
}

export const NOT_FOUND_MESSAGE = "This conversation does not exist or you cannot see it.";

/**
 * A conversation by (id, workspace) that the caller may see; another workspace's, another
 * brand's (for a member limited to brands) or an unknown id are all the same NOT_FOUND.
 */
export async function findVisibleConversation(db: DbOrTx, ctx: WorkspaceContext, conversationId: string) {
  const conversation = await db.conversation.findFirst({
    where: { id: conversationId, workspaceId: ctx.workspaceId },
    include: {
      channel: {
        select: {
          id: true,
          platform: true,
          displayName: true,
          externalAccountId: true,
          status: true,
          sandbox: true,
          config: true,
        },
      },
      brand: { select: { id: true, name: true } },
    },
  });
  if (!conversation || !canSeeBrand(ctx, conversation.brandId))
    throw new AppError("NOT_FOUND", NOT_FOUND_MESSAGE);
  return conversation;
}

/** The reply window of one conversation, from its platform's rules and the workspace's setting. */
export function conversationWindow(input: {
  platform: Platform;
  lastInboundAt: Date | null;
  humanAgentReplies: boolean;
  now: Date;
}): ReplyWindow {
  const descriptor = platformDescriptor(input.platform);
  return replyWindow({
    messaging: descriptor.messaging,
    platformName: descriptor.name,
    lastInboundAt: input.lastInboundAt,
    humanAgentReplies: input.humanAgentReplies,
    now: input.now,
  });
}

/** The first characters of a message, for the list (never more than the column is meant to hold). */
export function previewOf(text: string | null | undefined, fallback: string): string {
  const clean = (text ?? "").replace(/\s+/g, " ").trim();
  if (!clean) return fallback;
  return clean.length > 120 ? `${clean.slice(0, 119)}…` : clean;
}
