"use server";

import { redirect } from "next/navigation";
import type { ActionState } from "@/app/_lib/action-state";
import { signIn } from "@/app/_lib/auth";
import { serverAction, userAction } from "@/app/_lib/server-action";
import { acceptInvite, acceptInviteWithNewAccount } from "@/lib/members/accept-invite";

export async function acceptInviteAction(token: string, _prev: ActionState, formData: FormData) {
  return userAction(`/invite/${token}`, { args: { token }, form: formData }, async (user, deps) => {
    const workspace = await acceptInvite(deps.db, token, user.id);
    redirect(`/w/${workspace.slug}`);
  });
}

export async function acceptWithNewAccountAction(token: string, _prev: ActionState, formData: FormData) {
  return serverAction({ args: { token }, form: formData }, async (deps) => {
    const password = String(formData.get("password") ?? "");
    const { user, workspace } = await acceptInviteWithNewAccount(deps.db, token, {
      name: String(formData.get("name") ?? ""),
      password,
    });
    await signIn("credentials", { email: user.email, password, redirectTo: `/w/${workspace.slug}` });
    return undefined;
  });
}
