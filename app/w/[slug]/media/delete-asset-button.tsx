"use client";

import { useActionState } from "react";
import { type ActionState, initialActionState } from "@/app/_lib/action-state";

/** Deletes one library file after the person confirms; a refusal is shown next to the button. */
export function DeleteAssetButton({
  action,
  name,
}: {
  action: (prev: ActionState, formData: FormData) => Promise<ActionState>;
  name: string;
}) {
  const [state, formAction, pending] = useActionState(action, initialActionState);
  return (
    <form
      action={formAction}
      onSubmit={(event) => {
        if (!window.confirm(`Delete "${name}"? This cannot be undone.`)) event.preventDefault();
      }}
    >
      <button
        type="submit"
        disabled={pending}
        aria-label={`Delete ${name}`}
        className="rounded-md border border-zinc-300 px-2 py-1 text-sm text-red-700 hover:bg-red-50 disabled:opacity-60"
      >
        {pending ? "Deleting…" : "Delete"}
      </button>
      {state.message && !state.ok ? (
        <p role="alert" className="mt-1 text-sm text-red-700">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
