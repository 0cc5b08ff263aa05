"use server";

import { revalidatePath } from "next/cache";
import { type ActionState, runAction } from "@/app/_lib/action-state";
import { requireWorkspace } from "@/app/_lib/workspace";
import { db } from "@/lib/db/client";
import { deleteMediaAsset } from "@/lib/media/delete-media-asset";
import { mediaStorage } from "@/lib/media/storage";

// Uploads go through the resumable endpoint (app/api/uploads); this file holds the library's
// other actions. Each resolves the caller's context from the session again.

export async function deleteMediaAssetAction(
  slug: string,
  assetId: string,
  _prev: ActionState,
  formData: FormData,
): Promise<ActionState> {
  const ctx = await requireWorkspace(slug);
  return runAction(formData, async () => {
    await deleteMediaAsset({ db: db(), storage: mediaStorage() }, ctx, assetId);
    revalidatePath(`/w/${slug}/media`);
    return { ok: true, message: "Deleted." };
  });
}
