"use server";

import { redirect } from "next/navigation";
import { type ActionState, runAction } from "@/app/_lib/action-state";
import { signIn } from "@/app/_lib/auth";
import { requireUser } from "@/app/_lib/session";
import { db } from "@/lib/db/client";
import { acceptInvite, acceptInviteWithNewAccount } from "@/lib/members/accept-invite";

export async function acceptInviteAction(token: string, _prev: ActionState, formData: FormData) {
  const user = await requireUser(`/invite/${token}`);
  let slug = "";
  const result = await runAction(formData, async () => {
    slug = (await acceptInvite(db(), token, user.id)).slug;
    return undefined;
  });
  if (!result.ok) return result;
  redirect(`/w/${slug}`);
}

export async function acceptWithNewAccountAction(token: string, _prev: ActionState, formData: FormData) {
  const password = String(formData.get("password") ?? "");
  let joined: { email: string; slug: string } | undefined;
  const result = await runAction(formData, async () => {
    const { user, workspace } = await acceptInviteWithNewAccount(db(), token, {
      name: String(formData.get("name") ?? ""),
      password,
    });
    joined = { email: user.email, slug: workspace.slug };
    return undefined;
  });
  if (!result.ok || !joined) return result;
  await signIn("credentials", { email: joined.email, password, redirectTo: `/w/${joined.slug}` });
  return result;
}
