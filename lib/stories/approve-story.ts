import { z } from "zod";
import { parseInput } from "@/lib/validation";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";
import { recordReviewDecision } from "./record-review-decision";
import type { ScheduleDeps } from "./schedule-story";

export const approveStorySchema = z.strictObject({
  version: z.coerce
    .number()
    .int()
    .positive("Reload the story: the form did not say which version you reviewed."),
  comment: z.string().trim().max(2000).optional(),
});

/**
 * A member approves the version of a story they saw (the form, the review queue and the API).
 * The rules are recordReviewDecision's: once the brand's policy is satisfied the story is
 * scheduled (a due one goes out at once), past its freshness deadline it needs a new time, and
 * until then it waits for whoever `waitingFor` names.
 */
export async function approveStory(
  deps: ScheduleDeps,
  ctx: WorkspaceContext,
  storyId: string,
  input: z.input<typeof approveStorySchema>,
) {
  // The role before the input: a member who may not decide learns that, not what to fix.
  assertCan(ctx, "stories:approve", "approve stories");
  const { version, comment } = parseInput(approveStorySchema, input);
  return recordReviewDecision(deps, { kind: "member", ctx }, storyId, {
    version,
    decision: "APPROVED",
    comment: comment || null,
  });
}
