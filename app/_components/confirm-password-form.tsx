"use client";

import { useActionState } from "react";
import { confirmPasswordAction } from "@/app/account/security/actions";
import { Field, FormMessage, SubmitButton } from "./form";

/**
 * The "confirm your password" prompt shown beside a sensitive control when this browser has not
 * confirmed it in the last ten minutes (docs/decisions/031-account-security.md). The server
 * checks again in the action itself; this only saves the person a refusal.
 */
export function ConfirmPasswordForm({ doing }: { doing: string }) {
  const [state, action] = useActionState(confirmPasswordAction, { ok: false });
  return (
    <form
      action={action}
      className="flex max-w-lg flex-col gap-3 rounded-md border border-amber-300 bg-amber-50 p-3"
      noValidate
      data-testid="confirm-password"
    >
      <p className="text-sm">Confirm your password to {doing}. It is asked again after 10 minutes.</p>
      <FormMessage state={state} />
      <Field
        label="Your password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        state={state}
      />
      <div>
        <SubmitButton pendingLabel="Checking…">Confirm password</SubmitButton>
      </div>
    </form>
  );
}
