import { z } from "zod";
import { isPlainDate } from "@/lib/core/plain-date";
import { AppError } from "@/lib/errors";
import { rescheduleStory } from "@/lib/stories/reschedule-story";
import type { ScheduleDeps } from "@/lib/stories/schedule-story";
import { parseInput } from "@/lib/validation";
import { assertCan, canSeeBrand, type WorkspaceContext } from "@/lib/workspaces/context";
import { sameTimeOnDate } from "./calendar-range";

const moveSchema = z.object({
  storyId: z.string().trim().min(1).max(100),
  date: z.string().refine(isPlainDate, { message: "Use a date like 2026-03-08." }),
});

/**
 * The calendar's drag and "Move to date": the story keeps its wall-clock time and zone and
 * changes only its date, so a Berlin 09:00 is 09:00 on the new day whatever the offset there.
 * The new local time goes through the same rule as any schedule (docs/decisions/010): a time the
 * new day skips moves forward by the gap. rescheduleStory checks the role, the story's state and
 * that the result is not in the past, bumps the version and re-adds the dispatch job.
 */
export async function moveStoryToDay(
  deps: ScheduleDeps,
  ctx: WorkspaceContext,
  input: z.input<typeof moveSchema>,
) {
  assertCan(ctx, "stories:edit", "reschedule stories");
  const { storyId, date } = parseInput(moveSchema, input);
  const story = await deps.db.story.findFirst({
    where: { id: storyId, workspaceId: ctx.workspaceId },
    select: { brandId: true, scheduledLocal: true, timeZone: true, brand: { select: { timeZone: true } } },
  });
  if (!story || !canSeeBrand(ctx, story.brandId)) {
    throw new AppError("NOT_FOUND", "This story does not exist or you cannot see it.");
  }
  if (!story.scheduledLocal) {
    throw new AppError("CONFLICT", "This story has no time yet. Open it to pick one.");
  }
  return rescheduleStory(deps, ctx, storyId, {
    when: {
      local: sameTimeOnDate(story.scheduledLocal, date),
      timeZone: story.timeZone ?? story.brand.timeZone,
    },
  });
}
