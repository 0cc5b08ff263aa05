"use server";

import { redirect } from "next/navigation";
import { type ActionState, runAction } from "@/app/_lib/action-state";
import { requireUser } from "@/app/_lib/session";
import { db } from "@/lib/db/client";
import { createAnotherWorkspace } from "@/lib/workspaces/create-another-workspace";

export async function createWorkspaceAction(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const user = await requireUser("/w/new");
  let slug = "";
  const result = await runAction(formData, async () => {
    slug = (await createAnotherWorkspace(db(), user.id, String(formData.get("name") ?? ""))).slug;
    return undefined;
  });
  if (!result.ok) return result;
  redirect(`/w/${slug}`);
}
