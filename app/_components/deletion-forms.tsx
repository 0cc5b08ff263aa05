"use client";

import { useActionState } from "react";
import type { ActionState } from "@/app/_lib/action-state";
import { initialActionState } from "@/app/_lib/action-state";
import { Field, FormMessage } from "./form";
import { LocalTime } from "./local-time";
import { NeedsScriptsNote } from "./needs-scripts";
import { useAnnounce } from "./ui/announcer";
import { useHydrated } from "./use-hydrated";

type Action = (prev: ActionState, formData: FormData) => Promise<ActionState>;

/**
 * The action, announcing its outcome itself: on success the form (or banner) leaves the page in
 * the same refresh that brings the answer, before its FormMessage could say it; and a refusal of
 * an earlier try is replaced rather than left up as if it still held.
 */
function useAnnouncedAction(action: Action, source: string): Action {
  const say = useAnnounce();
  return async (prev, formData) => {
    const next = await action(prev, formData);
    if (next.message) say({ ok: next.ok, text: next.message, source });
    return next;
  };
}

/**
 * The danger zone's form: what goes, for how long it can be undone, and a field where the person
 * types the name (or address) to confirm, so a slip of the mouse deletes nothing.
 */
export function DangerZoneForm(props: {
  action: Action;
  heading: string;
  explanation: string;
  confirmLabel: string;
  confirmName: string;
  buttonLabel: string;
}) {
  const announced = useAnnouncedAction(props.action, "danger-zone");
  const [state, formAction, pending] = useActionState(announced, initialActionState);
  // Run through a function in the browser (it announces the outcome): usable once scripts run.
  const hydrated = useHydrated();
  return (
    <form
      action={formAction}
      noValidate
      className="flex max-w-lg flex-col gap-3 rounded-md border border-red-300 bg-red-50 p-4"
      aria-labelledby="danger-zone-heading"
      data-testid="danger-zone"
    >
      <h2 id="danger-zone-heading" className="text-lg font-semibold text-red-800">
        {props.heading}
      </h2>
      <p className="text-sm text-zinc-700">{props.explanation}</p>
      <FormMessage state={state} announce={false} />
      <Field label={props.confirmLabel} name={props.confirmName} state={state} autoComplete="off" required />
      <div>
        <button
          type="submit"
          disabled={pending || !hydrated}
          className="rounded-md bg-red-700 px-4 py-2 font-medium text-white hover:bg-red-800 disabled:opacity-60"
        >
          {pending ? "Scheduling…" : props.buttonLabel}
        </button>
        <NeedsScriptsNote />
      </div>
    </form>
  );
}

/**
 * "Scheduled for deletion on <date> — Undo": shown wherever the doomed thing appears during its
 * grace period. Without an undo action (a role that may not undo) it only informs.
 */
export function DeletionBanner(props: { what: string; deleteAfter: string; undo?: Action }) {
  const undo = useAnnouncedAction(props.undo ?? (async () => initialActionState), "danger-zone");
  const [state, formAction, pending] = useActionState(undo, initialActionState);
  const hydrated = useHydrated();
  return (
    <div
      role="status"
      className="flex flex-wrap items-center gap-3 rounded-md border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-900"
      data-testid="deletion-banner"
    >
      <p className="min-w-0 flex-1">
        {props.what} is scheduled for deletion on <LocalTime instant={props.deleteAfter} />. Nothing is
        published meanwhile.
      </p>
      {props.undo ? (
        <form action={formAction}>
          <button
            type="submit"
            disabled={pending || !hydrated}
            className="rounded-md border border-red-400 bg-white px-3 py-1.5 font-medium text-red-800 hover:bg-red-100 disabled:opacity-60"
          >
            {pending ? "Undoing…" : "Undo"}
          </button>
          <NeedsScriptsNote />
        </form>
      ) : null}
      <div className="w-full empty:hidden">
        <FormMessage state={state} announce={false} />
      </div>
    </div>
  );
}
