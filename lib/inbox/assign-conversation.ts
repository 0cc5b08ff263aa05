import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import { can, isRole } from "@/lib/core/roles";
import { AppError } from "@/lib/errors";
import { notify } from "@/lib/notifications/notify";
import { parseInput } from "@/lib/validation";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";
import { findVisibleConversation } from "./inbox-access";
import type { InboxDeps } from "./inbox-deps";
import { publishInboxEvent } from "./inbox-events";

const assignSchema = z.object({
  conversationId: z.string().trim().min(1).max(100),
  /** Null unassigns. */
  assigneeId: z.string().trim().min(1).max(100).nullable(),
});

/**
 * Gives a conversation to a member who may answer it (EDITOR or above, seeing its brand), and
 * tells them; or takes it back (null). Assigning to someone who could not answer is refused.
 */
export async function assignConversation(
  deps: InboxDeps,
  ctx: WorkspaceContext,
  input: z.input<typeof assignSchema>,
) {
  assertCan(ctx, "inbox:reply", "assign conversations");
  const { conversationId, assigneeId } = parseInput(assignSchema, input);
  const conversation = await findVisibleConversation(deps.db, ctx, conversationId);
  let assigneeName: string | null = null;
  if (assigneeId) {
    const membership = await deps.db.membership.findFirst({
      where: { workspaceId: ctx.workspaceId, userId: assigneeId },
      select: {
        role: true,
        limitedToBrands: true,
        user: { select: { name: true } },
        brands: { select: { brandId: true } },
      },
    });
    const brandIds = membership?.brands.map((b) => b.brandId) ?? [];
    const seesBrand = !membership?.limitedToBrands || brandIds.includes(conversation.brandId);
    if (!membership || !isRole(membership.role) || !can(membership.role, "inbox:reply") || !seesBrand) {
      throw new AppError(
        "INVALID_INPUT",
        "Assign the conversation to a member who can answer it: an editor, admin or owner who sees this brand.",
        { fields: { assigneeId: "Cannot answer this conversation." } },
      );
    }
    assigneeName = membership.user.name;
  }
  if (conversation.assigneeId === assigneeId) return { assigneeId, changed: false };
  await deps.db.$transaction(async (tx) => {
    await tx.conversation.updateMany({
      where: { id: conversation.id, workspaceId: ctx.workspaceId },
      data: { assigneeId },
    });
    if (assigneeId && assigneeId !== ctx.userId) {
      const who = conversation.participantHandle ?? conversation.participantName ?? "someone";
      await notify(tx, {
        kind: "inbox.assigned",
        workspaceId: ctx.workspaceId,
        brandId: conversation.brandId,
        userIds: [assigneeId],
        actorUserId: ctx.userId,
        title: `A conversation with ${who} was assigned to you`,
        body: `${conversation.brand.name} · ${conversation.channel.displayName}`,
        path: `/inbox/${conversation.id}`,
      });
    }
    await recordAudit(tx, ctx, {
      action: "conversation.assign",
      entityType: "Conversation",
      entityId: conversation.id,
      data: { assigneeId },
    });
  });
  await publishInboxEvent(deps.redis, ctx.workspaceId, {
    type: "conversation",
    conversationId: conversation.id,
    brandId: conversation.brandId,
  });
  return { assigneeId, assigneeName, changed: true };
}
