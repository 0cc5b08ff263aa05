"use client";

import { useActionState } from "react";
import { FormMessage } from "@/app/_components/form";
import { type ActionState, initialActionState } from "@/app/_lib/action-state";

/** "Done — I posted it": records the channel as posted by hand; a refusal shows beside the button. */
export function HandoffDoneForm({
  action,
  channelName,
}: {
  action: (prev: ActionState, formData: FormData) => Promise<ActionState>;
  channelName: string;
}) {
  const [state, formAction, pending] = useActionState(action, initialActionState);
  return (
    <form action={formAction} className="flex flex-col gap-2">
      <FormMessage state={state} />
      <button
        type="submit"
        name="outcome"
        value="published"
        disabled={pending}
        aria-label={`Done — I posted it on ${channelName}`}
        className="w-full rounded-md bg-brand-600 px-4 py-3 text-base font-semibold text-white hover:bg-brand-700 disabled:opacity-60"
      >
        {pending ? "Recording…" : "Done — I posted it"}
      </button>
    </form>
  );
}
