"use client";

import { useActionState } from "react";
import { ActionButtonForm } from "@/app/_components/action-button";
import { FormMessage } from "@/app/_components/form";
import { type ActionState, initialActionState } from "@/app/_lib/action-state";
import type { Role } from "@/lib/core/roles";
import { BrandChoice, RoleSelect } from "./member-fields";

/** Change a member's role and brands, or remove them; shown only to those who may. */
export function MemberEditor({
  memberId,
  role,
  roles,
  brands,
  selectedBrandIds,
  update,
  remove,
  memberName,
  workspaceName,
}: {
  memberId: string;
  role: Role;
  roles: Role[];
  brands: { id: string; name: string }[];
  selectedBrandIds: string[];
  update: (prev: ActionState, formData: FormData) => Promise<ActionState>;
  remove: (prev: ActionState, formData: FormData) => Promise<ActionState>;
  memberName: string;
  workspaceName: string;
}) {
  const [updateState, updateAction] = useActionState(update, initialActionState);
  return (
    <details className="mt-2">
      <summary className="cursor-pointer text-sm text-brand-700">Change</summary>
      <form action={updateAction} className="mt-2 flex flex-col gap-3">
        <FormMessage state={updateState} />
        <RoleSelect
          roles={roles}
          defaultRole={role}
          id={`role-${memberId}`}
          error={updateState.fields?.role}
        />
        <BrandChoice brands={brands} selected={selectedBrandIds} />
        <button type="submit" className="self-start rounded-md border border-zinc-300 px-3 py-1.5 text-sm">
          Save member
        </button>
      </form>
      <div className="mt-2">
        <ActionButtonForm
          action={remove}
          label="Remove from workspace"
          pendingLabel="Removing…"
          className="rounded-md px-3 py-1.5 text-sm text-red-700 hover:bg-red-50 disabled:opacity-60"
          confirm={{
            title: `Remove ${memberName} from ${workspaceName}?`,
            description: "They lose access at once. To bring them back, invite them again.",
            confirmLabel: "Remove member",
            destructive: true,
          }}
        />
      </div>
    </details>
  );
}
