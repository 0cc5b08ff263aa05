"use server";

import { revalidatePath } from "next/cache";
import type { ActionState } from "@/app/_lib/action-state";
import { workspaceAction } from "@/app/_lib/server-action";
import { deleteMediaAsset } from "@/lib/media/delete-media-asset";

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
