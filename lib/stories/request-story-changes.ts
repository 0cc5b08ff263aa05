import { z } from "zod";
import { parseInput } from "@/lib/validation";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";
import { recordReviewDecision } from "./record-review-decision";
import type { ScheduleDeps } from "./schedule-story";

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
 * A member sends the reviewed version back to its author with a comment (recordReviewDecision).
 * The story stays IN_REVIEW and unqueued (so it cannot go out); the author's next edit bumps the
 * version and it waits for a new decision.
 */
export async function requestStoryChanges(
  deps: ScheduleDeps,
  ctx: WorkspaceContext,
  storyId: string,
  input: z.input<typeof requestStoryChangesSchema>,
) {
  // The role before the input: a member who may not decide learns that, not what to fix.
  assertCan(ctx, "stories:approve", "request changes to stories");
  const { version, comment } = parseInput(requestStoryChangesSchema, input);
  return recordReviewDecision(deps, { kind: "member", ctx }, storyId, {
    version,
    decision: "CHANGES_REQUESTED",
    comment,
  });
}
