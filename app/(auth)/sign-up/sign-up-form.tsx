"use client";

import { useActionState } from "react";
import { Field, FormMessage, SubmitButton } from "@/app/_components/form";
import { initialActionState } from "@/app/_lib/action-state";
import { MIN_PASSWORD_LENGTH } from "@/lib/core/password-policy";
import { signUpAction } from "../actions";

export function SignUpForm() {
  const [state, action] = useActionState(signUpAction, initialActionState);
  return (
    <form action={action} className="flex flex-col gap-4" noValidate>
      <FormMessage state={state} />
      <Field label="Your name" name="name" autoComplete="name" required state={state} />
      <Field label="E-mail" name="email" type="email" autoComplete="email" required state={state} />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        hint={`At least ${MIN_PASSWORD_LENGTH} characters. A short sentence works well.`}
        state={state}
      />
      <Field
        label="Workspace name"
        name="workspaceName"
        required
        hint="Your agency or company. You can add brands to it next."
        state={state}
      />
      <SubmitButton pendingLabel="Creating your workspace…">Create account</SubmitButton>
    </form>
  );
}
