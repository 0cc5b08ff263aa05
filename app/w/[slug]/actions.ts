"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { type ActionState, runAction } from "@/app/_lib/action-state";
import { requireUser } from "@/app/_lib/session";
import { requireWorkspace } from "@/app/_lib/workspace";
import { createBrand } from "@/lib/brands/create-brand";
import { updateBrand } from "@/lib/brands/update-brand";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { createInvite } from "@/lib/members/create-invite";
import { inviteMail } from "@/lib/members/invite-mail";
import { removeMember } from "@/lib/members/remove-member";
import { revokeInvite } from "@/lib/members/revoke-invite";
import { updateMember } from "@/lib/members/update-member";
import { enqueueMail } from "@/lib/queue/mail-queue";
import { renameWorkspace } from "@/lib/workspaces/rename-workspace";

// Every action resolves the caller's workspace context from the session again: the slug and ids
// in a form are input like any other, and the use cases enforce role and tenancy.

function brandInput(formData: FormData) {
  const optional = (name: string) => String(formData.get(name) ?? "") || null;
  return {
    name: String(formData.get("name") ?? ""),
    timeZone: String(formData.get("timeZone") ?? ""),
    approvalRequired: formData.get("approvalRequired") === "on",
    quietHoursStart: optional("quietHoursStart"),
    quietHoursEnd: optional("quietHoursEnd"),
  };
}

export async function createBrandAction(slug: string, _prev: ActionState, formData: FormData) {
  const ctx = await requireWorkspace(slug);
  let brandId = "";
  const result = await runAction(formData, async () => {
    brandId = (await createBrand(db(), ctx, brandInput(formData))).id;
    return undefined;
  });
  if (!result.ok) return result;
  revalidatePath(`/w/${slug}`, "layout");
  redirect(`/w/${slug}/brands/${brandId}`);
}

export async function updateBrandAction(
  slug: string,
  brandId: string,
  _prev: ActionState,
  formData: FormData,
) {
  const ctx = await requireWorkspace(slug);
  return runAction(formData, async () => {
    await updateBrand(db(), ctx, brandId, brandInput(formData));
    revalidatePath(`/w/${slug}`, "layout");
    return { ok: true, message: "Brand saved." };
  });
}

export async function inviteMemberAction(slug: string, _prev: ActionState, formData: FormData) {
  const ctx = await requireWorkspace(slug);
  const user = await requireUser();
  return runAction(formData, async () => {
    const config = env();
    const invite = await createInvite(
      { db: db(), baseUrl: config.PUBLIC_BASE_URL, ttlHours: config.INVITE_TTL_HOURS },
      ctx,
      {
        email: String(formData.get("email") ?? ""),
        role: String(formData.get("role") ?? ""),
        brandIds: formData.getAll("brandIds").map(String),
      },
    );
    await enqueueMail(
      inviteMail({
        to: invite.email,
        url: invite.url,
        workspaceName: ctx.workspaceName,
        inviterName: user.name,
        role: invite.role,
        expiresAt: invite.expiresAt,
      }),
    );
    revalidatePath(`/w/${slug}/members`);
    return {
      ok: true,
      message: `Invite for ${invite.email} created. Send them this link; it works once.`,
      data: { url: invite.url },
    };
  });
}

export async function revokeInviteAction(slug: string, inviteId: string) {
  const ctx = await requireWorkspace(slug);
  await revokeInvite(db(), ctx, inviteId);
  revalidatePath(`/w/${slug}/members`);
}

export async function updateMemberAction(
  slug: string,
  membershipId: string,
  _prev: ActionState,
  formData: FormData,
) {
  const ctx = await requireWorkspace(slug);
  return runAction(formData, async () => {
    await updateMember(db(), ctx, membershipId, {
      role: String(formData.get("role") ?? ""),
      brandIds: formData.getAll("brandIds").map(String),
    });
    revalidatePath(`/w/${slug}`, "layout");
    return { ok: true, message: "Member updated." };
  });
}

export async function removeMemberAction(
  slug: string,
  membershipId: string,
  _prev: ActionState,
  formData: FormData,
) {
  const ctx = await requireWorkspace(slug);
  return runAction(formData, async () => {
    await removeMember(db(), ctx, membershipId);
    revalidatePath(`/w/${slug}/members`);
    return { ok: true, message: "Member removed." };
  });
}

export async function renameWorkspaceAction(slug: string, _prev: ActionState, formData: FormData) {
  const ctx = await requireWorkspace(slug);
  return runAction(formData, async () => {
    await renameWorkspace(db(), ctx, String(formData.get("name") ?? ""));
    revalidatePath(`/w/${slug}`, "layout");
    return { ok: true, message: "Workspace renamed." };
  });
}
