"use client";

import { useActionState } from "react";
import { Field, FormMessage, SubmitButton } from "@/app/_components/form";
import { type ActionState, initialActionState } from "@/app/_lib/action-state";

export function RenameWorkspaceForm({
  action,
  name,
}: {
  action: (prev: ActionState, formData: FormData) => Promise<ActionState>;
  name: string;
}) {
  const [state, formAction] = useActionState(action, initialActionState);
  return (
    <form action={formAction} className="flex max-w-lg flex-col gap-4" noValidate>
      <FormMessage state={state} />
      <Field label="Workspace name" name="name" required defaultValue={name} state={state} />
      <div>
        <SubmitButton>Rename</SubmitButton>
      </div>
    </form>
  );
}
