"use server";

import { revalidatePath } from "next/cache";
import type { ActionState } from "@/app/_lib/action-state";
import { requireWorkspace } from "@/app/_lib/workspace";
import { moveStoryToDay } from "@/lib/calendar/move-story-to-day";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { createLogger } from "@/lib/logger";
import { webPublishQueues } from "@/lib/queue/web-publish-queues";

const logger = createLogger("web");

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
  const ctx = await requireWorkspace(slug);
  try {
    const deps = {
      db: db(),
      queues: webPublishQueues(),
      logger,
      scheduleHorizonDays: env().SCHEDULE_HORIZON_DAYS,
    };
    const story = await moveStoryToDay(deps, ctx, {
      storyId,
      date: String(formData.get("date") ?? ""),
    });
    revalidatePath(`/w/${slug}/calendar`);
    return {
      ok: true,
      message: `Moved to ${story.scheduledLocal?.replace("T", " ")} (${story.timeZone}).`,
    };
  } catch (error) {
    if (!isAppError(error)) throw error;
    return { ok: false, message: error.message };
  }
}

/**
 * The "Move" form's action when scripts do not run (with scripts the calendar calls
 * moveStoryToDayAction itself and shows the answer): the page re-renders with the story on its
 * new day, or unchanged when the move was refused.
 */
export async function moveStoryFormAction(slug: string, storyId: string, formData: FormData): Promise<void> {
  await moveStoryToDayAction(slug, storyId, formData);
}
