"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import type { ActionState } from "@/app/_lib/action-state";
import type { WebDeps } from "@/app/_lib/deps";
import { processMediaNow } from "@/app/_lib/media";
import { workspaceAction } from "@/app/_lib/server-action";
import { connectChannel } from "@/lib/channels/connect-channel";
import { readConnectForm, SECRET_FIELD_NAMES } from "@/lib/core/platforms/connect-form";
import { publisherFor } from "@/lib/publishers/registry";
import { completeHandoff } from "@/lib/publishing/complete-handoff";
import { createEndpointResolver } from "@/lib/publishing/endpoints";
import { resolveUnconfirmed } from "@/lib/publishing/resolve-unconfirmed";
import { resumeHeldTargets } from "@/lib/publishing/resume-held-targets";
import { retryTarget } from "@/lib/publishing/retry-target";
import { approveStories } from "@/lib/stories/approve-stories";
import { approveStory } from "@/lib/stories/approve-story";
import { cancelStory } from "@/lib/stories/cancel-story";
import { requestStoryChanges } from "@/lib/stories/request-story-changes";
import { uploadAndScheduleStory } from "@/lib/stories/upload-and-schedule-story";
import type { WorkspaceContext } from "@/lib/workspaces/context";

// Server actions of the story and channel pages. Like app/w/[slug]/actions.ts, each runs through
// workspaceAction: the caller's context comes from the session; the ids bound into a form are input.

const text = (formData: FormData, name: string) => String(formData.get(name) ?? "").trim();

/** The form's field each use-case error belongs to (use cases name their own input's keys). */
const FORM_FIELD: Record<string, string> = {
  file: "files",
  frames: "files",
  when: "local",
  "when.local": "local",
  "when.at": "local",
};

function toFormFields(state: ActionState, formData: FormData): ActionState {
  if (state.ok) return state;
  const fields: Record<string, string> = {};
  for (const [key, message] of Object.entries(state.fields ?? {})) fields[FORM_FIELD[key] ?? key] = message;
  return {
    ...state,
    fields,
    // Checkboxes share a name: keep every ticked one, not just the last, so the form can restore them.
    values: { ...state.values, channelIds: formData.getAll("channelIds").map(String).join(",") },
  };
}

function uploadedFiles(formData: FormData): File[] {
  return formData.getAll("files").filter((value): value is File => value instanceof File && value.size > 0);
}

export async function scheduleStoryAction(
  slug: string,
  brandId: string,
  _prev: ActionState,
  formData: FormData,
) {
  const result = await workspaceAction(slug, { args: { brandId }, form: formData }, async (ctx, deps) => {
    const files = await Promise.all(
      uploadedFiles(formData).map(async (file) => ({
        bytes: Buffer.from(await file.arrayBuffer()),
        name: file.name,
      })),
    );
    const story = await uploadAndScheduleStory(
      {
        db: deps.db,
        queues: deps.queues,
        logger: deps.logger,
        scheduleHorizonDays: deps.scheduleHorizonDays,
        storage: deps.storage,
        maxBytes: deps.env.MEDIA_MAX_BYTES,
        processMedia: processMediaNow,
      },
      ctx,
      {
        brandId,
        title: text(formData, "title"),
        channelIds: formData.getAll("channelIds").map(String),
        whatsappText: text(formData, "whatsappText") || undefined,
        // Only an explicit "now" publishes at once; anything else must name a time.
        when: formData.get("when") === "now" ? { now: true } : { local: text(formData, "local") },
        files,
      },
    );
    revalidatePath(`/w/${slug}/brands/${brandId}`);
    redirect(`/w/${slug}/stories/${story.id}`);
  });
  return toFormFields(result, formData);
}

/** Runs a story-page action in the caller's workspace, then refreshes the story page. */
async function onStoryPage(
  slug: string,
  ids: { storyId: string; targetId?: string },
  formData: FormData,
  work: (ctx: WorkspaceContext, deps: WebDeps) => Promise<ActionState>,
): Promise<ActionState> {
  return workspaceAction(slug, { args: ids, form: formData }, async (ctx, deps) => {
    const result = await work(ctx, deps);
    revalidatePath(`/w/${slug}/stories/${ids.storyId}`);
    return result;
  });
}

export async function cancelStoryAction(
  slug: string,
  storyId: string,
  _prev: ActionState,
  formData: FormData,
) {
  return onStoryPage(slug, { storyId }, formData, async (ctx, deps) => {
    const { skipped, alreadyPublishing } = await cancelStory(deps, ctx, storyId);
    return {
      ok: true,
      message:
        alreadyPublishing > 0
          ? `Canceled on ${skipped} channel${skipped === 1 ? "" : "s"}; ${alreadyPublishing} had already started and will finish.`
          : "Story canceled. Nothing was published.",
    };
  });
}

/**
 * A reviewer's decision on the version they saw (the form carries it): approve, or send it back
 * with a comment. The use cases refuse a stale version, a story not in review, and other roles.
 */
export async function reviewStoryAction(
  slug: string,
  storyId: string,
  _prev: ActionState,
  formData: FormData,
) {
  return onStoryPage(slug, { storyId }, formData, async (ctx, deps) => {
    const input = { version: text(formData, "version"), comment: text(formData, "comment") };
    if (formData.get("decision") === "request_changes") {
      await requestStoryChanges(deps, ctx, storyId, input);
      return { ok: true, message: "Changes requested. The author sees your comment on this page." };
    }
    const { story, needsNewTime, waitingFor } = await approveStory(deps, ctx, storyId, {
      version: input.version,
      comment: input.comment || undefined,
    });
    if (waitingFor) {
      return {
        ok: true,
        message: `Approved. It still waits for the ${waitingFor}'s approval before it goes out.`,
      };
    }
    if (needsNewTime) {
      return {
        ok: true,
        message: "Approved, but its latest start has passed: move it to a new time to publish it.",
      };
    }
    const due = story.scheduledAt !== null && story.scheduledAt.getTime() <= Date.now();
    return { ok: true, message: due ? "Approved: publishing now." : "Approved: it goes out at its time." };
  });
}

/**
 * The review queue's "Approve selected": each checked row carries "storyId:version" (the version
 * the row showed). Every row is decided on its own; the answer's `data` holds each row's result
 * by story id, shown beside the row, and the message counts them.
 */
export async function approveStoriesAction(slug: string, _prev: ActionState, formData: FormData) {
  return workspaceAction(slug, { form: formData }, async (ctx, deps) => {
    const items = formData.getAll("item").map((value) => {
      const [storyId = "", version = ""] = String(value).split(":");
      return { storyId, version };
    });
    // No revalidation: the rows stay in place so each shows its result; the page says to reload.
    const rows = await approveStories(deps, ctx, { items });
    const approved = rows.filter((row) => row.ok).length;
    const refused = rows.length - approved;
    return {
      ok: refused === 0,
      message:
        refused === 0
          ? `Approved ${approved} ${approved === 1 ? "story" : "stories"}.`
          : `Approved ${approved} of ${rows.length}; ${refused} could not be approved: see each row.`,
      data: Object.fromEntries(
        rows.map((row) => [row.storyId, `${row.ok ? "ok" : "refused"}|${row.message}`]),
      ),
    };
  });
}

export async function retryTargetAction(
  slug: string,
  storyId: string,
  targetId: string,
  _prev: ActionState,
  formData: FormData,
) {
  return onStoryPage(slug, { storyId, targetId }, formData, async (ctx, deps) => {
    await retryTarget(deps, ctx, storyId, targetId);
    return { ok: true, message: "Trying again now." };
  });
}

export async function resolveUnconfirmedAction(
  slug: string,
  storyId: string,
  targetId: string,
  _prev: ActionState,
  formData: FormData,
) {
  return onStoryPage(slug, { storyId, targetId }, formData, async (ctx, deps) => {
    const outcome = formData.get("outcome") === "published" ? "published" : "not_published";
    await resolveUnconfirmed(deps.db, ctx, storyId, targetId, {
      outcome,
      note: text(formData, "note") || undefined,
    });
    return {
      ok: true,
      message: outcome === "published" ? "Marked as published." : "Marked as not published.",
    };
  });
}

export async function completeHandoffAction(
  slug: string,
  storyId: string,
  targetId: string,
  _prev: ActionState,
  formData: FormData,
) {
  return onStoryPage(slug, { storyId, targetId }, formData, async (ctx, deps) => {
    const posted = formData.get("outcome") === "published";
    await completeHandoff(deps, ctx, targetId, { posted });
    // The handoff's phone page and the list of open handoffs show it too.
    revalidatePath(`/w/${slug}/handoffs/${targetId}`);
    revalidatePath(`/w/${slug}/handoffs`);
    return { ok: true, message: posted ? "Marked as posted." : "Marked as not posted." };
  });
}

export async function connectChannelAction(
  slug: string,
  brandId: string,
  _prev: ActionState,
  formData: FormData,
) {
  const result = await workspaceAction(slug, { args: { brandId }, form: formData }, async (ctx, deps) => {
    await connectChannel(
      {
        db: deps.db,
        box: deps.box,
        resumeHeldTargets: (channel) => resumeHeldTargets(deps, channel),
        endpointsFor: createEndpointResolver(deps.env),
        publisherFor,
      },
      ctx,
      // The platform's schema checks the shape; this only reads the form's fields by name.
      readConnectForm(brandId, (name) => (formData.has(name) ? text(formData, name) : undefined)),
    );
    revalidatePath(`/w/${slug}`, "layout");
    redirect(`/w/${slug}/brands/${brandId}`);
  });
  // Secrets never travel back to the browser, not even to refill a refused form.
  return { ...result, values: withoutSecrets(result.values) };
}

function withoutSecrets(values: Record<string, string> | undefined) {
  if (!values) return undefined;
  return Object.fromEntries(Object.entries(values).filter(([name]) => !SECRET_FIELD_NAMES.has(name)));
}
