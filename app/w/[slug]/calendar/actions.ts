"use server";

import { revalidatePath } from "next/cache";
import type { ActionState } from "@/app/_lib/action-state";
import { workspaceAction } from "@/app/_lib/server-action";
import { moveStoryToDay } from "@/lib/calendar/move-story-to-day";
import { formatNamedInstant } from "@/lib/core/instant-format";

/**
 * Moves a story to the date in the form (the calendar's drag and its "Move to date" form). The
 * caller's context comes from the session; the bound slug and story id are input like the date.
 * Every refusal comes back as a message the calendar shows while it puts the story back.
 */
export async function moveStoryToDayAction(
  slug: string,
  storyId: string,
  formData: FormData,
): Promise<ActionState> {
  return workspaceAction(slug, { args: { storyId }, form: formData }, async (ctx, deps) => {
    const story = await moveStoryToDay(deps, ctx, { storyId, date: String(formData.get("date") ?? "") });
    revalidatePath(`/w/${slug}/calendar`);
    return {
      ok: true,
      message: story.scheduledAt
        ? `Moved to ${formatNamedInstant(story.scheduledAt, story.timeZone ?? "UTC")}.`
        : "Moved.",
    };
  });
}

/**
 * The "Move" form's action when scripts do not run (with scripts the calendar calls
 * moveStoryToDayAction itself and shows the answer): the page re-renders with the story on its
 * new day and the outcome, a refusal included, beside the story's "Move".
 */
export async function moveStoryFormAction(
  slug: string,
  storyId: string,
  _prev: ActionState,
  formData: FormData,
): Promise<ActionState> {
  return moveStoryToDayAction(slug, storyId, formData);
}
