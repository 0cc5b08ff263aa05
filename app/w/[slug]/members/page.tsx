import { ActionButtonForm } from "@/app/_components/action-button";
import { ConfirmPasswordForm } from "@/app/_components/confirm-password-form";
import { LocalTime } from "@/app/_components/local-time";
import { passwordIsFresh } from "@/app/_lib/session";
import { requireAgencyWorkspace } from "@/app/_lib/workspace";
import { listBrands } from "@/lib/brands/list-brands";
import { assignableRoles, can, ROLE_LABELS } from "@/lib/core/roles";
import { db } from "@/lib/db/client";
import { listMembers } from "@/lib/members/list-members";
import { inviteMemberAction, removeMemberAction, revokeInviteAction, updateMemberAction } from "../actions";
import { InviteForm } from "./invite-form";
import { MemberEditor } from "./member-row";

export const metadata = { title: "Members" };

export default async function MembersPage({ params }: { params: Promise<{ slug: string }> }) {
  const ctx = await requireAgencyWorkspace((await params).slug);
  const [{ members, invites }, brands, fresh] = await Promise.all([
    listMembers(db(), ctx),
    listBrands(db(), ctx),
    passwordIsFresh(),
  ]);
  const manage = can(ctx.role, "members:manage");
  const roles = assignableRoles(ctx.role);
  const brandOptions = brands.map((b) => ({ id: b.id, name: b.name }));
  const slug = ctx.workspaceSlug;
  return (
    <section className="flex flex-col gap-8">
      <div>
        <h1 className="text-2xl font-semibold">Members</h1>
        {manage && !fresh && members.length > 1 ? (
          <div className="mt-4">
            <ConfirmPasswordForm doing="change members' roles or brands, or remove a member" />
          </div>
        ) : null}
        <ul className="mt-4 flex flex-col gap-2">
          {members.map((member) => (
            <li
              key={member.id}
              className="rounded-lg border border-zinc-200 bg-white p-3"
              data-testid="member"
            >
              <div className="flex flex-wrap items-baseline gap-2">
                <span className="font-medium">{member.user.name}</span>
                <span className="text-sm text-zinc-500">{member.user.email}</span>
                <span className="ml-auto rounded-full bg-brand-50 px-2 py-0.5 text-xs text-brand-700">
                  {ROLE_LABELS[member.role]}
                </span>
              </div>
              <p className="text-xs text-zinc-500">
                {member.limitedToBrands
                  ? `Brands: ${member.brands.map((b) => b.name).join(", ")}`
                  : "All brands"}
              </p>
              {manage && roles.includes(member.role) && member.user.id !== ctx.userId ? (
                <MemberEditor
                  memberId={member.id}
                  role={member.role}
                  roles={roles}
                  brands={brandOptions}
                  selectedBrandIds={member.brands.map((b) => b.id)}
                  update={updateMemberAction.bind(null, slug, member.id)}
                  remove={removeMemberAction.bind(null, slug, member.id)}
                  memberName={member.user.name}
                  workspaceName={ctx.workspaceName}
                />
              ) : null}
            </li>
          ))}
        </ul>
      </div>
      {manage ? (
        <>
          <div>
            <h2 className="mb-3 text-lg font-semibold">Pending invites</h2>
            {invites.length === 0 ? <p className="text-sm text-zinc-500">None.</p> : null}
            <ul className="flex flex-col gap-2">
              {invites.map((invite) => (
                <li key={invite.id} className="flex flex-wrap items-center gap-3 text-sm">
                  <span>{invite.email}</span>
                  <span className="text-zinc-500">{ROLE_LABELS[invite.role]}</span>
                  <span className={invite.status === "EXPIRED" ? "text-red-700" : "text-zinc-500"}>
                    {invite.status === "EXPIRED" ? (
                      "expired"
                    ) : (
                      <>
                        expires <LocalTime instant={invite.expiresAt.toISOString()} />
                      </>
                    )}
                  </span>
                  <ActionButtonForm
                    action={revokeInviteAction.bind(null, slug, invite.id)}
                    label="Withdraw"
                    pendingLabel="Withdrawing…"
                    className="text-red-700 underline"
                    ariaLabel={`Withdraw the invite for ${invite.email}`}
                    confirm={{
                      title: `Withdraw the invite for ${invite.email}?`,
                      description: "Its link stops working at once. You can invite them again later.",
                      confirmLabel: "Withdraw invite",
                      destructive: true,
                    }}
                  />
                </li>
              ))}
            </ul>
          </div>
          <div>
            <h2 className="mb-3 text-lg font-semibold">Invite a member</h2>
            <InviteForm action={inviteMemberAction.bind(null, slug)} roles={roles} brands={brandOptions} />
          </div>
        </>
      ) : null}
    </section>
  );
}
