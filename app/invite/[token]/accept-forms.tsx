"use client";

import { useActionState } from "react";
import { Field, FormMessage, SubmitButton } from "@/app/_components/form";
import { type ActionState, initialActionState } from "@/app/_lib/action-state";
import { MIN_PASSWORD_LENGTH } from "@/lib/core/password-policy";

type Action = (prev: ActionState, formData: FormData) => Promise<ActionState>;

export function AcceptForm({ action, workspaceName }: { action: Action; workspaceName: string }) {
  const [state, formAction] = useActionState(action, initialActionState);
  return (
    <form action={formAction} className="flex flex-col gap-4">
      <FormMessage state={state} />
      <SubmitButton pendingLabel="Joining…">Join {workspaceName}</SubmitButton>
    </form>
  );
}

export function AcceptWithAccountForm({ action, email }: { action: Action; email: string }) {
  const [state, formAction] = useActionState(action, initialActionState);
  return (
    <form action={formAction} className="flex flex-col gap-4" noValidate>
      <FormMessage state={state} />
      <Field label="E-mail" name="email" type="email" defaultValue={email} readOnly state={state} />
      <Field label="Your name" name="name" autoComplete="name" required state={state} />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
        state={state}
      />
      <SubmitButton pendingLabel="Creating your account…">Create account and join</SubmitButton>
    </form>
  );
}
