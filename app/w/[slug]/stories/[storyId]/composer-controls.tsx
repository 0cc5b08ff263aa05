"use client";

import { useActionState } from "react";
import { FormMessage } from "@/app/_components/form";
import { type ActionState, initialActionState } from "@/app/_lib/action-state";

type Action = (prev: ActionState, formData: FormData) => Promise<ActionState>;

const secondary =
  "rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-zinc-50 disabled:opacity-60";

/** Copies the story as a new draft and opens it in the composer. */
export function DuplicateStoryForm({ action }: { action: Action }) {
  const [state, formAction, pending] = useActionState(action, initialActionState);
  return (
    <form action={formAction} className="flex flex-col items-start gap-2">
      <FormMessage state={state} />
      <button type="submit" disabled={pending} className={secondary}>
        {pending ? "Duplicating…" : "Duplicate"}
      </button>
    </form>
  );
}

/** Moves a draft or a story scheduled for later to now, after the same checks as scheduling. */
export function PublishNowForm({ action }: { action: Action }) {
  const [state, formAction, pending] = useActionState(action, initialActionState);
  return (
    <form
      action={formAction}
      className="flex flex-col items-start gap-2"
      onSubmit={(event) => {
        if (!window.confirm("Publish this story now on its channels?")) event.preventDefault();
      }}
    >
      <FormMessage state={state} />
      <button
        type="submit"
        disabled={pending}
        className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60"
      >
        {pending ? "Publishing…" : "Publish now"}
      </button>
    </form>
  );
}
