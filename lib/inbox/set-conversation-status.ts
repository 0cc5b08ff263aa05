import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import { ConversationStatus } from "@/lib/db/generated/enums";
import { parseInput } from "@/lib/validation";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";
import { findVisibleConversation } from "./inbox-access";
import type { InboxDeps } from "./inbox-deps";
import { publishInboxEvent } from "./inbox-events";

const statusSchema = z.object({
  conversationId: z.string().trim().min(1).max(100),
  status: z.enum(ConversationStatus),
});

/** Done (nothing left to do) or open again. A new message from the person reopens it by itself. */
export async function setConversationStatus(
  deps: InboxDeps,
  ctx: WorkspaceContext,
  input: z.input<typeof statusSchema>,
) {
  assertCan(ctx, "inbox:reply", "close or reopen conversations");
  const { conversationId, status } = parseInput(statusSchema, input);
  const conversation = await findVisibleConversation(deps.db, ctx, conversationId);
  if (conversation.status === status) return { status, changed: false };
  await deps.db.$transaction(async (tx) => {
    await tx.conversation.updateMany({
      where: { id: conversation.id, workspaceId: ctx.workspaceId },
      data: { status },
    });
    await recordAudit(tx, ctx, {
      action: status === "DONE" ? "conversation.done" : "conversation.reopen",
      entityType: "Conversation",
      entityId: conversation.id,
    });
  });
  await publishInboxEvent(deps.redis, ctx.workspaceId, {
    type: "conversation",
    conversationId: conversation.id,
    brandId: conversation.brandId,
  });
  return { status, changed: true };
}
