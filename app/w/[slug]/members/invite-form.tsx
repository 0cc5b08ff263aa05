"use client";

import { useActionState, useState } from "react";
import { Field, FormMessage, SubmitButton } from "@/app/_components/form";
import { type ActionState, initialActionState } from "@/app/_lib/action-state";
import { ROLE_DESCRIPTIONS, ROLE_LABELS, type Role } from "@/lib/core/roles";
import { type CreatedInvite, InviteLinks } from "./invite-links";
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
  const [created, setCreated] = useState<CreatedInvite[]>([]);
  const [state, formAction] = useActionState(async (prev: ActionState, formData: FormData) => {
    const next = await action(prev, formData);
    const { url, email, expiresAt } = next.data ?? {};
    if (next.ok && url && email && expiresAt) setCreated((links) => [{ url, email, expiresAt }, ...links]);
    return next;
  }, initialActionState);
  return (
    <form action={formAction} className="flex max-w-lg flex-col gap-4" noValidate>
      <FormMessage state={state} />
      <InviteLinks invites={created} />
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
        <SubmitButton untilHydrated>Create invite</SubmitButton>
      </div>
    </form>
  );
}
