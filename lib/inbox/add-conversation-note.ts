import { z } from "zod";
import { parseInput } from "@/lib/validation";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";
import { findVisibleConversation } from "./inbox-access";
import type { InboxDeps } from "./inbox-deps";
import { publishInboxEvent } from "./inbox-events";

const noteSchema = z.object({
  conversationId: z.string().trim().min(1).max(100),
  body: z
    .string()
    .trim()
    .min(1, "Write the note first.")
    .max(2_000, "A note holds at most 2,000 characters."),
});

/** An internal note on a conversation: seen by the team, never sent to the person. */
export async function addConversationNote(
  deps: InboxDeps,
  ctx: WorkspaceContext,
  input: z.input<typeof noteSchema>,
) {
  assertCan(ctx, "inbox:reply", "add notes");
  const { conversationId, body } = parseInput(noteSchema, input);
  const conversation = await findVisibleConversation(deps.db, ctx, conversationId);
  const note = await deps.db.conversationNote.create({
    data: { workspaceId: ctx.workspaceId, conversationId: conversation.id, authorId: ctx.userId, body },
    select: { id: true, body: true, createdAt: true },
  });
  await publishInboxEvent(deps.redis, ctx.workspaceId, {
    type: "conversation",
    conversationId: conversation.id,
    brandId: conversation.brandId,
  });
  return note;
}
