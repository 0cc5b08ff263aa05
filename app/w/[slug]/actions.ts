"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import type { ActionState } from "@/app/_lib/action-state";
import { workspaceAction } from "@/app/_lib/server-action";
import { requireFreshPassword } from "@/app/_lib/session";
import { createBrand } from "@/lib/brands/create-brand";
import { updateBrand } from "@/lib/brands/update-brand";
import type { ApprovalPolicy } from "@/lib/core/approval-policy";
import { createInvite } from "@/lib/members/create-invite";
import { inviteMail } from "@/lib/members/invite-mail";
import { removeMember } from "@/lib/members/remove-member";
import { revokeInvite } from "@/lib/members/revoke-invite";
import { updateMember } from "@/lib/members/update-member";
import { enqueueMail } from "@/lib/queue/mail-queue";
import { renameWorkspace } from "@/lib/workspaces/rename-workspace";

// Actions of the workspace's settings, brands and members pages. workspaceAction resolves the
// caller's context from the session on every call; the slug and ids in a form are input like any
// other, and the use cases enforce role and tenancy.

function brandInput(formData: FormData) {
  const optional = (name: string) => String(formData.get(name) ?? "") || null;
  return {
    name: String(formData.get("name") ?? ""),
    timeZone: String(formData.get("timeZone") ?? ""),
    // Any string: the use case's schema refuses one that is not a policy, beside the field.
    approvalPolicy: String(formData.get("approvalPolicy") ?? "NONE") as ApprovalPolicy,
    quietHoursStart: optional("quietHoursStart"),
    quietHoursEnd: optional("quietHoursEnd"),
  };
}

export async function createBrandAction(slug: string, _prev: ActionState, formData: FormData) {
  return workspaceAction(slug, { form: formData }, async (ctx, deps) => {
    const brand = await createBrand(deps.db, ctx, brandInput(formData));
    revalidatePath(`/w/${slug}`, "layout");
    redirect(`/w/${slug}/brands/${brand.id}`);
  });
}

export async function updateBrandAction(
  slug: string,
  brandId: string,
  _prev: ActionState,
  formData: FormData,
) {
  return workspaceAction(slug, { args: { brandId }, form: formData }, async (ctx, deps) => {
    await updateBrand(deps.db, ctx, brandId, brandInput(formData));
    revalidatePath(`/w/${slug}`, "layout");
    return { ok: true, message: "Brand saved." };
  });
}

export async function inviteMemberAction(slug: string, _prev: ActionState, formData: FormData) {
  return workspaceAction(slug, { form: formData }, async (ctx, deps, user) => {
    const invite = await createInvite(
      { db: deps.db, baseUrl: deps.env.PUBLIC_BASE_URL, ttlHours: deps.env.INVITE_TTL_HOURS },
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
      data: { url: invite.url, email: invite.email, expiresAt: invite.expiresAt.toISOString() },
    };
  });
}

export async function revokeInviteAction(
  slug: string,
  inviteId: string,
  _prev: ActionState,
  formData: FormData,
) {
  return workspaceAction(slug, { args: { inviteId }, form: formData }, async (ctx, deps) => {
    await revokeInvite(deps.db, ctx, inviteId);
    revalidatePath(`/w/${slug}/members`);
    return { ok: true, message: "Invite withdrawn." };
  });
}

export async function updateMemberAction(
  slug: string,
  membershipId: string,
  _prev: ActionState,
  formData: FormData,
) {
  return workspaceAction(slug, { args: { membershipId }, form: formData }, async (ctx, deps) => {
    await requireFreshPassword("change a member's role or brands");
    await updateMember(deps.db, ctx, membershipId, {
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
  return workspaceAction(slug, { args: { membershipId }, form: formData }, async (ctx, deps) => {
    await requireFreshPassword("remove a member");
    await removeMember(deps.db, ctx, membershipId);
    revalidatePath(`/w/${slug}/members`);
    return { ok: true, message: "Member removed." };
  });
}

export async function renameWorkspaceAction(slug: string, _prev: ActionState, formData: FormData) {
  return workspaceAction(slug, { form: formData }, async (ctx, deps) => {
    await renameWorkspace(deps.db, ctx, String(formData.get("name") ?? ""));
    revalidatePath(`/w/${slug}`, "layout");
    return { ok: true, message: "Workspace renamed." };
  });
}
