"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import type { ActionState } from "@/app/_lib/action-state";
import { metaLoginDeps } from "@/app/_lib/meta-login";
import { workspaceAction } from "@/app/_lib/server-action";
import { connectPickedAccounts } from "@/lib/oauth/connect-picked-accounts";

// POST the picker – the ticked accounts become channels of their chosen brands
export async function connectPickedAction(
  slug: string,
  brandId: string,
  pendingId: string,
  _prev: ActionState,
  formData: FormData,
) {
  return workspaceAction(slug, { args: { brandId, pendingId }, form: formData }, async (ctx, deps) => {
    const picks = formData.getAll("pick").map((key) => ({
      key: String(key),
      brandId: String(formData.get(`brand-${String(key)}`) ?? ""),
    }));
    await connectPickedAccounts(metaLoginDeps(deps), ctx, { pendingId, picks });
    revalidatePath(`/w/${slug}`, "layout");
    redirect(`/w/${slug}/brands/${brandId}#channels`);
  });
}
