import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import { enqueueDispatchSafely } from "@/lib/queue/publish-queues";
import { parseInput } from "@/lib/validation";
import { emitStoryReview } from "@/lib/webhooks/emit-story-review";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";
import { lockStoryForReview } from "./lock-story-for-review";
import type { ScheduleDeps } from "./schedule-story";

export const approveStorySchema = z.strictObject({
  version: z.coerce
    .number()
    .int()
    .positive("Reload the story: the form did not say which version you reviewed."),
  comment: z.string().trim().max(2000).optional(),
});

/**
 * Approves the version of a story the reviewer saw. The story is then scheduled and its dispatch
 * job added after the commit; one whose time has passed goes out at once when its freshness
 * deadline still allows. Past that deadline it stays APPROVED with no job, and `needsNewTime`
 * tells the caller to ask for a new time (a reschedule then schedules it).
 */
export async function approveStory(
  deps: ScheduleDeps,
  ctx: WorkspaceContext,
  storyId: string,
  input: z.input<typeof approveStorySchema>,
) {
  assertCan(ctx, "stories:approve", "approve stories");
  const { version, comment } = parseInput(approveStorySchema, input);
  const now = deps.now?.() ?? new Date();
  const story = await deps.db.$transaction(async (tx) => {
    const current = await lockStoryForReview(tx, ctx, storyId, version);
    const tooLate = current.freshnessDeadline !== null && current.freshnessDeadline < now;
    const status = current.scheduledAt && !tooLate ? "SCHEDULED" : "APPROVED";
    await tx.approval.create({
      data: {
        workspaceId: ctx.workspaceId,
        storyId,
        storyVersion: version,
        reviewerId: ctx.userId,
        decision: "APPROVED",
        note: comment || null,
      },
    });
    // The version stays: the approval is of this version, and no dispatch job exists to retire.
    const updated = await tx.story.update({
      where: { id_workspaceId: { id: storyId, workspaceId: ctx.workspaceId } },
      data: { status },
    });
    await recordAudit(tx, ctx, {
      action: "story.approve",
      entityType: "Story",
      entityId: storyId,
      data: { version, status },
    });
    await emitStoryReview(
      tx,
      updated,
      { decision: "APPROVED", version, comment: comment || null, reviewerId: ctx.userId },
      now,
    );
    return updated;
  });
  if (story.status === "SCHEDULED") await enqueueDispatchSafely(deps, story);
  return { ...story, needsNewTime: story.status === "APPROVED" };
}
