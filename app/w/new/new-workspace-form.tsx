"use client";

import { useActionState } from "react";
import { Field, FormMessage, SubmitButton } from "@/app/_components/form";
import { initialActionState } from "@/app/_lib/action-state";
import { createWorkspaceAction } from "./actions";

export function NewWorkspaceForm() {
  const [state, action] = useActionState(createWorkspaceAction, initialActionState);
  return (
    <form action={action} className="flex flex-col gap-4" noValidate>
      <FormMessage state={state} />
      <Field label="Workspace name" name="name" required state={state} />
      <SubmitButton>Create workspace</SubmitButton>
    </form>
  );
}
