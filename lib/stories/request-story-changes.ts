import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Db } from "@/lib/db/client";
import { parseInput } from "@/lib/validation";
import { emitStoryReview } from "@/lib/webhooks/emit-story-review";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";
import { lockStoryForReview } from "./lock-story-for-review";

export const requestStoryChangesSchema = z.strictObject({
  version: z.coerce
    .number()
    .int()
    .positive("Reload the story: the form did not say which version you reviewed."),
  comment: z
    .string()
    .trim()
    .min(1, "Say what should change, so the author knows what to fix.")
    .max(2000, "Keep the comment under 2,000 characters."),
});

/**
 * Sends the reviewed version back to its author with a comment. The story stays IN_REVIEW and
 * unqueued (so it cannot go out); the author's next edit bumps the version and it waits for a
 * new decision.
 */
export async function requestStoryChanges(
  deps: { db: Db; now?: () => Date },
  ctx: WorkspaceContext,
  storyId: string,
  input: z.input<typeof requestStoryChangesSchema>,
) {
  assertCan(ctx, "stories:approve", "request changes to stories");
  const { version, comment } = parseInput(requestStoryChangesSchema, input);
  const now = deps.now?.() ?? new Date();
  return deps.db.$transaction(async (tx) => {
    await lockStoryForReview(tx, ctx, storyId, version);
    const approval = await tx.approval.create({
      data: {
        workspaceId: ctx.workspaceId,
        storyId,
        storyVersion: version,
        reviewerId: ctx.userId,
        decision: "CHANGES_REQUESTED",
        note: comment,
      },
    });
    await recordAudit(tx, ctx, {
      action: "story.request_changes",
      entityType: "Story",
      entityId: storyId,
      data: { version },
    });
    await emitStoryReview(
      tx,
      { id: storyId, workspaceId: ctx.workspaceId },
      { decision: "CHANGES_REQUESTED", version, comment, reviewerId: ctx.userId },
      now,
    );
    return approval;
  });
}
