"use client";

import { useActionState } from "react";
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
}: {
  memberId: string;
  role: Role;
  roles: Role[];
  brands: { id: string; name: string }[];
  selectedBrandIds: string[];
  update: (prev: ActionState, formData: FormData) => Promise<ActionState>;
  remove: (prev: ActionState, formData: FormData) => Promise<ActionState>;
}) {
  const [updateState, updateAction] = useActionState(update, initialActionState);
  const [removeState, removeAction] = useActionState(remove, initialActionState);
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
      <form action={removeAction} className="mt-2">
        <FormMessage state={removeState} />
        <button type="submit" className="rounded-md px-3 py-1.5 text-sm text-red-700 hover:bg-red-50">
          Remove from workspace
        </button>
      </form>
    </details>
  );
}
