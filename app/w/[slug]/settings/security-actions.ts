"use server";

import { revalidatePath } from "next/cache";
import type { ActionState } from "@/app/_lib/action-state";
import { workspaceAction } from "@/app/_lib/server-action";
import { requireFreshPassword } from "@/app/_lib/session";
import { setWorkspaceTwoFactorRequirement } from "@/lib/auth/set-workspace-two-factor-requirement";

/** An owner requires two-factor sign-in of every member (or stops requiring it). */
export async function setTwoFactorRequirementAction(slug: string, _prev: ActionState, formData: FormData) {
  return workspaceAction(slug, { form: formData }, async (ctx, deps) => {
    await requireFreshPassword("change the workspace's sign-in rules");
    const required = formData.get("requireTwoFactor") === "on";
    await setWorkspaceTwoFactorRequirement(deps.db, ctx, required);
    revalidatePath(`/w/${slug}/settings`);
    return {
      ok: true,
      message: required
        ? "Two-factor sign-in is now required: members without it are asked to set it up first."
        : "Two-factor sign-in is no longer required.",
    };
  });
}
