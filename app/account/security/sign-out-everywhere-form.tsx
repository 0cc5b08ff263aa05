"use client";

import { useActionState } from "react";
import { FormMessage } from "@/app/_components/form";
import { type ActionState, initialActionState } from "@/app/_lib/action-state";

/** "Sign out everywhere": every other device, or every device including this one. */
export function SignOutEverywhereForm({
  action,
}: {
  action: (prev: ActionState, formData: FormData) => Promise<ActionState>;
}) {
  const [state, formAction, pending] = useActionState(action, initialActionState);
  return (
    <form action={formAction} className="flex flex-col items-start gap-2">
      <FormMessage state={state} />
      <div className="flex flex-wrap gap-2">
        <button
          type="submit"
          name="everywhere"
          value="others"
          disabled={pending}
          className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-60"
        >
          Sign out everywhere else
        </button>
        <button
          type="submit"
          name="everywhere"
          value="all"
          disabled={pending}
          className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm disabled:opacity-60"
        >
          Sign out everywhere, this device too
        </button>
      </div>
    </form>
  );
}
