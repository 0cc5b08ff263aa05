import { recordAudit } from "@/lib/audit/record-audit";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { rollUpStory } from "@/lib/publishing/roll-up-story";
import { assertCan, canSeeBrand, type WorkspaceContext } from "@/lib/workspaces/context";

const CANCELABLE = ["DRAFT", "IN_REVIEW", "APPROVED", "SCHEDULED", "PUBLISHING"];

/**
 * Cancels a story. The story row is locked for update, so this waits for any publish that is
 * recording its intent right now and, once committed, no further intent can be recorded (the
 * pipeline checks status and version under a share lock). Targets that had not started are
 * SKIPPED; those already publishing finish, and the result says how many.
 */
export async function cancelStory(
  deps: { db: Db; now?: () => Date },
  ctx: WorkspaceContext,
  storyId: string,
) {
  assertCan(ctx, "stories:edit", "cancel stories");
  const now = deps.now?.() ?? new Date();
  return deps.db.$transaction(async (tx) => {
    const [story] = await tx.$queryRaw<{ id: string; status: string; brandId: string; version: number }[]>`
      SELECT id, status, "brandId", version FROM "Story"
      WHERE id = ${storyId} AND "workspaceId" = ${ctx.workspaceId} FOR UPDATE`;
    if (!story || !canSeeBrand(ctx, story.brandId)) {
      throw new AppError("NOT_FOUND", "This story does not exist or you cannot see it.");
    }
    if (!CANCELABLE.includes(story.status)) {
      throw new AppError(
        "CONFLICT",
        `This story is already ${story.status.toLowerCase()}; there is nothing to cancel.`,
      );
    }
    const skipped = await tx.storyTarget.updateMany({
      where: {
        storyId,
        workspaceId: ctx.workspaceId,
        state: { in: ["PENDING", "PREPARING", "READY", "NEEDS_REAUTH"] },
        frames: { none: { publishIntentAt: { not: null } } },
      },
      data: {
        state: "SKIPPED",
        leaseToken: null,
        leaseExpiresAt: null,
        lastErrorMessage: "Canceled before publishing.",
      },
    });
    const inFlight = await tx.storyTarget.count({
      where: { storyId, workspaceId: ctx.workspaceId, state: { notIn: ["SKIPPED", "FAILED", "EXPIRED"] } },
    });
    await tx.story.update({
      where: { id_workspaceId: { id: storyId, workspaceId: ctx.workspaceId } },
      data: {
        version: { increment: 1 },
        canceledAt: now,
        // With targets already out or going out, the story ends by their outcome instead.
        status: inFlight === 0 ? "CANCELED" : "PUBLISHING",
      },
    });
    if (inFlight > 0) await rollUpStory(tx, { id: storyId, workspaceId: ctx.workspaceId }, now);
    await recordAudit(tx, ctx, {
      action: "story.cancel",
      entityType: "Story",
      entityId: storyId,
      data: { skipped: skipped.count, inFlight },
    });
    return { skipped: skipped.count, alreadyPublishing: inFlight };
  });
}
