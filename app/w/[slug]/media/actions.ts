"use server";

import { revalidatePath } from "next/cache";
import type { ActionState } from "@/app/_lib/action-state";
import { workspaceAction } from "@/app/_lib/server-action";
import { deleteMediaAsset } from "@/lib/media/delete-media-asset";
import { type ReframeMediaAssetInput, reframeMediaAsset } from "@/lib/media/reframe-media-asset";
import { requeueMediaJob } from "@/lib/queue/media-queue";

// Uploads go through the resumable endpoint (app/api/uploads); this file holds the library's
// other actions, run through workspaceAction like every workspace action.

export async function deleteMediaAssetAction(
  slug: string,
  assetId: string,
  _prev: ActionState,
  formData: FormData,
): Promise<ActionState> {
  return workspaceAction(slug, { args: { assetId }, form: formData }, async (ctx, deps) => {
    await deleteMediaAsset(deps, ctx, assetId);
    revalidatePath(`/w/${slug}/media`);
    return { ok: true, message: "Deleted." };
  });
}

export async function reframeMediaAssetAction(
  slug: string,
  assetId: string,
  _prev: ActionState,
  formData: FormData,
): Promise<ActionState> {
  return workspaceAction(slug, { args: { assetId }, form: formData }, async (ctx, deps) => {
    await reframeMediaAsset({ db: deps.db, enqueue: (job) => requeueMediaJob(job) }, ctx, {
      assetId,
      // The use case parses these (zod): a value outside the choices is refused there, by name.
      fit: formData.get("fit") as ReframeMediaAssetInput["fit"],
      focalX: formData.get("focalX"),
      focalY: formData.get("focalY"),
    });
    revalidatePath(`/w/${slug}/media`);
    revalidatePath(`/w/${slug}/media/${assetId}`);
    return { ok: true, message: "Saved. Re-rendering with the new framing…" };
  });
}
