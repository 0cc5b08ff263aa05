import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import { can } from "@/lib/core/roles";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { canSeeBrand, type WorkspaceContext } from "@/lib/workspaces/context";
import { rollUpStory } from "./roll-up-story";

const completeHandoffSchema = z.object({ posted: z.boolean() });

/**
 * The person a handoff was given to says whether they posted it. Editors may settle it too (the
 * assignee may be away). Posted → PUBLISHED with its frames; not posted → FAILED with who said so.
 */
export async function completeHandoff(
  deps: { db: Db; now?: () => Date },
  ctx: WorkspaceContext,
  targetId: string,
  input: z.input<typeof completeHandoffSchema>,
) {
  const { posted } = parseInput(completeHandoffSchema, input);
  const now = deps.now?.() ?? new Date();
  const target = await deps.db.storyTarget.findFirst({
    where: { id: targetId, workspaceId: ctx.workspaceId },
    include: {
      story: { select: { id: true, workspaceId: true, brandId: true } },
      channel: { select: { config: true } },
    },
  });
  if (!target || !canSeeBrand(ctx, target.story.brandId)) {
    throw new AppError("NOT_FOUND", "This story or channel does not exist or you cannot see it.");
  }
  const assignee = (target.channel.config as { assigneeUserId?: unknown } | null)?.assigneeUserId;
  if (assignee !== ctx.userId && !can(ctx.role, "stories:edit")) {
    throw new AppError("FORBIDDEN", "Only the person it was handed to, or an editor, can settle this.");
  }
  const actor = ctx.userId
    ? ((await deps.db.user.findUnique({ where: { id: ctx.userId }, select: { name: true } }))?.name ??
      "a member")
    : "an API key";
  await deps.db.$transaction(async (tx) => {
    const settled = await tx.storyTarget.updateMany({
      where: { id: target.id, workspaceId: ctx.workspaceId, state: "AWAITING_PERSON" },
      data: posted
        ? { state: "PUBLISHED", publishedAt: now }
        : { state: "FAILED", lastErrorMessage: `Not posted (marked by ${actor}).` },
    });
    if (settled.count !== 1)
      throw new AppError("CONFLICT", "This channel is not waiting for anyone to post.");
    if (posted) {
      await tx.storyTargetFrame.updateMany({
        where: { targetId: target.id, workspaceId: ctx.workspaceId },
        data: { state: "PUBLISHED", publishedAt: now },
      });
    }
    await recordAudit(tx, ctx, {
      action: posted ? "handoff.posted" : "handoff.not_posted",
      entityType: "StoryTarget",
      entityId: target.id,
    });
    await rollUpStory(tx, target.story, now);
  });
}
