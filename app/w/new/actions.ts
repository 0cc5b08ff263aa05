"use server";

import { redirect } from "next/navigation";
import type { ActionState } from "@/app/_lib/action-state";
import { userAction } from "@/app/_lib/server-action";
import { createAnotherWorkspace } from "@/lib/workspaces/create-another-workspace";

export async function createWorkspaceAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  return userAction("/w/new", { form: formData }, async (user, deps) => {
    const workspace = await createAnotherWorkspace(deps.db, user.id, String(formData.get("name") ?? ""));
    redirect(`/w/${workspace.slug}`);
  });
}
