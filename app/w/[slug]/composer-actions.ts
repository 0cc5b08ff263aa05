"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import type { ActionState } from "@/app/_lib/action-state";
import { workspaceAction } from "@/app/_lib/server-action";
import { targetAudienceSchema } from "@/lib/audiences/write-target-audiences";
import { AppError } from "@/lib/errors";
import { duplicateStory } from "@/lib/stories/duplicate-story";
import { publishNow } from "@/lib/stories/publish-now";
import { saveDraft } from "@/lib/stories/save-draft";
import { scheduleStory } from "@/lib/stories/schedule-story";
import { storyContentSchema } from "@/lib/stories/schemas";
import { updateStory } from "@/lib/stories/update-story";
import { parseInput } from "@/lib/validation";

// Server actions of the composer and of the story page's Duplicate / Publish now. Each runs
// through workspaceAction (the caller's workspace from the session); everything the browser sends
// is input that the use cases validate (and scope to the workspace) again.

const composerPayloadSchema = storyContentSchema.extend({
  intent: z.enum(["draft", "schedule", "now"]),
  /** Set when editing an existing story. */
  storyId: z.string().min(1).max(100).optional(),
  brandId: z.string().min(1).max(100),
  /** "yyyy-MM-ddTHH:mm" in the brand's zone; may be empty for a draft or "now". */
  local: z.string().max(40).default(""),
  /** New stories only: who each WhatsApp status goes to (scheduleStory copies the lists). */
  audiences: z.array(targetAudienceSchema).max(50).default([]),
});

export type ComposerPayload = z.input<typeof composerPayloadSchema>;

/** Use-case field names → the composer's (they name their own input's keys). */
const COMPOSER_FIELD: Record<string, string> = { when: "local", "when.local": "local", "when.at": "local" };

function composerFields(state: ActionState): ActionState {
  if (state.ok || !state.fields) return state;
  const fields: Record<string, string> = {};
  for (const [key, message] of Object.entries(state.fields)) {
    fields[COMPOSER_FIELD[key] ?? key.split(".")[0] ?? key] = message;
  }
  return { ...state, fields };
}

/** Save draft, Schedule or Publish now from the composer; on success the story's page opens. */
export async function composeStoryAction(slug: string, payload: ComposerPayload): Promise<ActionState> {
  const result = await workspaceAction(slug, { payload }, async (ctx, deps) => {
    const {
      intent,
      storyId: existing,
      brandId,
      local,
      audiences,
      ...content
    } = parseInput(composerPayloadSchema, payload);
    if (intent === "draft" && audiences.length > 0) {
      // A draft's audience would be chosen again when it is scheduled; say so rather than drop it.
      throw new AppError(
        "INVALID_INPUT",
        "Choose the audience when you schedule: drafts go to all contacts.",
        {
          fields: { audiences: "Set back to All contacts to save a draft." },
        },
      );
    }
    const when = intent === "now" ? { now: true as const } : { local };
    const story =
      intent === "draft"
        ? await saveDraft(deps, ctx, { ...content, storyId: existing, brandId, local: local || undefined })
        : existing
          ? await updateStory(deps, ctx, existing, { ...content, when })
          : await scheduleStory(deps, ctx, { ...content, brandId, when, audiences });
    revalidatePath(`/w/${slug}`, "layout");
    redirect(`/w/${slug}/stories/${story.id}`);
  });
  return composerFields(result);
}

export async function duplicateStoryAction(
  slug: string,
  storyId: string,
  _prev: ActionState,
  formData: FormData,
) {
  return workspaceAction(slug, { args: { storyId }, form: formData }, async (ctx, deps) => {
    const copy = await duplicateStory(deps, ctx, storyId);
    revalidatePath(`/w/${slug}`, "layout");
    redirect(`/w/${slug}/stories/${copy.id}/edit`);
  });
}

export async function publishNowAction(
  slug: string,
  storyId: string,
  _prev: ActionState,
  formData: FormData,
) {
  return workspaceAction(slug, { args: { storyId }, form: formData }, async (ctx, deps) => {
    const story = await publishNow(deps, ctx, storyId);
    revalidatePath(`/w/${slug}/stories/${storyId}`);
    return {
      ok: true,
      message:
        story.status === "IN_REVIEW" ? "Due now: it goes out as soon as it is approved." : "Publishing now.",
    };
  });
}
