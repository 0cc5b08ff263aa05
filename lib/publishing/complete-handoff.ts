import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import { can } from "@/lib/core/roles";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { canSeeBrand, type WorkspaceContext } from "@/lib/workspaces/context";
import { handoffAssignee } from "./hand-off-target";
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
      story: { select: { id: true, workspaceId: true, brandId: true, authorId: true } },
      channel: { select: { config: true } },
    },
  });
  if (!target || !canSeeBrand(ctx, target.story.brandId)) {
    throw new AppError("NOT_FOUND", "This story or channel does not exist or you cannot see it.");
  }
  if (handoffAssignee(target.channel, target.story) !== ctx.userId && !can(ctx.role, "stories:edit")) {
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
        ? {
            state: "PUBLISHED",
            publishedAt: now,
            // The story page shows a published channel's note: who posted it.
            lastErrorMessage: `Posted by hand by ${actor}.`,
            lastErrorClass: null,
            lastErrorCode: null,
          }
        : { state: "FAILED", lastErrorMessage: `Not posted (marked by ${actor}).` },
    });
    if (settled.count !== 1) {
      const current = await tx.storyTarget.findUniqueOrThrow({
        where: { id: target.id },
        select: { state: true, lastErrorMessage: true },
      });
      throw new AppError("CONFLICT", alreadySettled(current));
    }
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

/** Why a second answer is refused, in the words of the state the first one left. */
function alreadySettled(target: { state: string; lastErrorMessage: string | null }): string {
  if (target.state === "PUBLISHED") {
    return `Already recorded: ${target.lastErrorMessage ?? "this channel is published."} Nothing more to do.`;
  }
  if (target.state === "FAILED" && target.lastErrorMessage) {
    return `Already recorded: ${target.lastErrorMessage} Retry the channel from the story page to post it.`;
  }
  return "This channel is not waiting for anyone to post: nothing to mark.";
}
