"use server";

import { revalidatePath } from "next/cache";
import { workspaceAction } from "@/app/_lib/server-action";
import { requireFreshPassword } from "@/app/_lib/session";
import { formatNamedInstant } from "@/lib/core/instant-format";
import { scheduleBrandDeletion } from "@/lib/privacy/schedule-brand-deletion";
import { scheduleWorkspaceDeletion } from "@/lib/privacy/schedule-workspace-deletion";
import { setMediaRetention } from "@/lib/privacy/set-media-retention";
import { undoBrandDeletion } from "@/lib/privacy/undo-brand-deletion";
import { undoWorkspaceDeletion } from "@/lib/privacy/undo-workspace-deletion";

// Deleting a brand or the workspace with a grace period, and media retention (decision 035).
// The use cases enforce role, tenancy and the typed name; scheduling needs a fresh password.

const now = () => new Date();

export async function scheduleBrandDeletionAction(
  slug: string,
  brandId: string,
  _prev: unknown,
  formData: FormData,
) {
  return workspaceAction(slug, { args: { brandId }, form: formData }, async (ctx, deps) => {
    await requireFreshPassword("delete a brand");
    const { deleteAfter } = await scheduleBrandDeletion({ db: deps.db, now }, ctx, brandId, {
      confirmName: String(formData.get("confirmName") ?? ""),
    });
    revalidatePath(`/w/${slug}`, "layout");
    return { ok: true, message: `Scheduled for deletion on ${formatNamedInstant(deleteAfter, "UTC")}.` };
  });
}

export async function undoBrandDeletionAction(
  slug: string,
  brandId: string,
  _prev: unknown,
  formData: FormData,
) {
  return workspaceAction(slug, { args: { brandId }, form: formData }, async (ctx, deps) => {
    await undoBrandDeletion({ db: deps.db, now }, ctx, brandId);
    revalidatePath(`/w/${slug}`, "layout");
    return { ok: true, message: "Deletion undone: the brand is back as it was." };
  });
}

export async function scheduleWorkspaceDeletionAction(slug: string, _prev: unknown, formData: FormData) {
  return workspaceAction(slug, { form: formData }, async (ctx, deps) => {
    await requireFreshPassword("delete the workspace");
    const { deleteAfter } = await scheduleWorkspaceDeletion({ db: deps.db, now }, ctx, {
      confirmName: String(formData.get("confirmName") ?? ""),
    });
    revalidatePath(`/w/${slug}`, "layout");
    return { ok: true, message: `Scheduled for deletion on ${formatNamedInstant(deleteAfter, "UTC")}.` };
  });
}

export async function undoWorkspaceDeletionAction(slug: string, _prev: unknown, formData: FormData) {
  return workspaceAction(slug, { form: formData }, async (ctx, deps) => {
    await undoWorkspaceDeletion({ db: deps.db, now }, ctx);
    revalidatePath(`/w/${slug}`, "layout");
    return { ok: true, message: "Deletion undone: the workspace is back as it was." };
  });
}

export async function setMediaRetentionAction(slug: string, _prev: unknown, formData: FormData) {
  return workspaceAction(slug, { form: formData }, async (ctx, deps) => {
    const raw = String(formData.get("mediaRetentionDays") ?? "").trim();
    await setMediaRetention(deps.db, ctx, { mediaRetentionDays: raw === "" ? null : Number(raw) });
    revalidatePath(`/w/${slug}/settings`);
    return {
      ok: true,
      message:
        raw === ""
          ? "Media is kept (retention off)."
          : `Media is deleted ${raw} days after its stories finished.`,
    };
  });
}
