"use client";

import { useActionState } from "react";
import { Field, FormMessage, SubmitButton } from "@/app/_components/form";
import { type ActionState, initialActionState } from "@/app/_lib/action-state";
import { ROLE_DESCRIPTIONS, ROLE_LABELS, type Role } from "@/lib/core/roles";
import { BrandChoice, RoleSelect } from "./member-fields";

export function InviteForm({
  action,
  roles,
  brands,
}: {
  action: (prev: ActionState, formData: FormData) => Promise<ActionState>;
  roles: Role[];
  brands: { id: string; name: string }[];
}) {
  const [state, formAction] = useActionState(action, initialActionState);
  return (
    <form action={formAction} className="flex max-w-lg flex-col gap-4" noValidate>
      <FormMessage state={state} />
      {state.ok && state.data?.url ? (
        <div className="flex flex-col gap-1">
          <label htmlFor="invite-link" className="text-sm font-medium">
            Invite link
          </label>
          <input
            id="invite-link"
            readOnly
            value={state.data.url}
            onFocus={(event) => event.currentTarget.select()}
            className="rounded-md border border-zinc-300 bg-zinc-50 px-3 py-2 font-mono text-xs"
          />
        </div>
      ) : null}
      <Field label="E-mail" name="email" type="email" required state={state} />
      <RoleSelect roles={roles} defaultRole="EDITOR" error={state.fields?.role} />
      <ul className="flex flex-col gap-0.5 text-xs text-zinc-500">
        {roles.map((role) => (
          <li key={role}>
            <strong className="font-medium text-zinc-700">{ROLE_LABELS[role]}</strong>:{" "}
            {ROLE_DESCRIPTIONS[role]}
          </li>
        ))}
      </ul>
      <BrandChoice brands={brands} selected={[]} />
      <div>
        <SubmitButton>Create invite</SubmitButton>
      </div>
    </form>
  );
}
