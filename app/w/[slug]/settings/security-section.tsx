"use client";

import { useActionState } from "react";
import { FormMessage, SubmitButton } from "@/app/_components/form";
import { type ActionState, initialActionState } from "@/app/_lib/action-state";

/** The owner's switch: every member must sign in with a second factor. */
export function SecuritySection({
  action,
  required,
}: {
  action: (prev: ActionState, formData: FormData) => Promise<ActionState>;
  required: boolean;
}) {
  const [state, formAction] = useActionState(action, initialActionState);
  return (
    <form action={formAction} className="flex max-w-lg flex-col gap-3" aria-labelledby="security-heading">
      <h2 id="security-heading" className="text-lg font-semibold">
        Sign-in security
      </h2>
      <FormMessage state={state} />
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" name="requireTwoFactor" defaultChecked={required} className="mt-1" />
        <span>
          Require two-factor sign-in for every member. Members without it are sent to set it up before they
          can open this workspace.
        </span>
      </label>
      <div>
        <SubmitButton pendingLabel="Saving…">Save sign-in rules</SubmitButton>
      </div>
    </form>
  );
}
