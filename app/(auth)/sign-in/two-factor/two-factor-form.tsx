"use client";

import { useActionState } from "react";
import { Field, FormMessage, SubmitButton } from "@/app/_components/form";
import { initialActionState } from "@/app/_lib/action-state";
import { verifySecondFactorAction } from "../../actions";

export function TwoFactorForm({ next }: { next: string }) {
  const [state, action] = useActionState(verifySecondFactorAction, initialActionState);
  return (
    <form action={action} className="flex flex-col gap-4" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="next" value={next} />
      <Field
        label="Code from your authenticator app"
        name="code"
        autoComplete="one-time-code"
        hint="The 6 digits your app shows now, or one of your recovery codes."
        required
        state={state}
      />
      <SubmitButton pendingLabel="Checking…">Continue</SubmitButton>
    </form>
  );
}
