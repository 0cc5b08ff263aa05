import { z } from "zod";
import { isAppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";
import { approveStory } from "./approve-story";
import type { ScheduleDeps } from "./schedule-story";

/** As many as the review queue lists (lib/stories/list-stories-to-review.ts). */
const MAX_ITEMS = 200;

export const approveStoriesSchema = z.strictObject({
  items: z
    .array(
      z.strictObject({
        storyId: z.string().trim().min(1).max(100),
        version: z.coerce
          .number()
          .int()
          .positive("Reload the queue: a row did not say which version you reviewed."),
      }),
    )
    .min(1, "Select the stories to approve.")
    .max(MAX_ITEMS, `Approve at most ${MAX_ITEMS} stories at once.`),
});

export type ApproveStoriesRow = {
  storyId: string;
  ok: boolean;
  /** What happened to this row, in the words the story page uses, or why it was refused. */
  message: string;
};

/**
 * Approves several stories from the review queue, each at the version its row showed. Each row is
 * its own decision (recordReviewDecision, one transaction each), so one stale or refused row does
 * not block the others; a refusal is reported on its row. Duplicate rows count once.
 */
export async function approveStories(
  deps: ScheduleDeps,
  ctx: WorkspaceContext,
  input: z.input<typeof approveStoriesSchema>,
): Promise<ApproveStoriesRow[]> {
  assertCan(ctx, "stories:approve", "approve stories");
  const { items } = parseInput(approveStoriesSchema, input);
  const unique = [...new Map(items.map((item) => [item.storyId, item])).values()];
  const rows: ApproveStoriesRow[] = [];
  for (const item of unique) {
    try {
      const { story, needsNewTime, waitingFor } = await approveStory(deps, ctx, item.storyId, {
        version: item.version,
      });
      const now = deps.now?.() ?? new Date();
      const message = waitingFor
        ? `Approved. It still waits for the ${waitingFor}'s approval.`
        : needsNewTime
          ? "Approved, but its latest start has passed: move it to a new time to publish it."
          : story.scheduledAt && story.scheduledAt <= now
            ? "Approved: publishing now."
            : "Approved: it goes out at its time.";
      rows.push({ storyId: item.storyId, ok: true, message });
    } catch (error) {
      if (!isAppError(error)) throw error;
      rows.push({ storyId: item.storyId, ok: false, message: error.message });
    }
  }
  return rows;
}
