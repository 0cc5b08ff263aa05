"use client";

import { type ReactNode, useEffect } from "react";
import { useFormStatus } from "react-dom";
import type { ActionState } from "@/app/_lib/action-state";
import { NeedsScriptsNote } from "./needs-scripts";
import { useAnnounce } from "./ui/announcer";
import { useHydrated } from "./use-hydrated";

/**
 * `untilHydrated`: for a form whose action is a function in the browser rather than the server
 * action itself (which would post without scripts), disabled until scripts run (useHydrated).
 */
export function SubmitButton({
  children,
  pendingLabel,
  untilHydrated = false,
}: {
  children: ReactNode;
  pendingLabel?: string;
  untilHydrated?: boolean;
}) {
  const { pending } = useFormStatus();
  const hydrated = useHydrated();
  return (
    <>
      <button
        type="submit"
        disabled={pending || (untilHydrated && !hydrated)}
        className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60"
      >
        {pending ? (pendingLabel ?? "Working…") : children}
      </button>
      {untilHydrated ? <NeedsScriptsNote /> : null}
    </>
  );
}

// Each outcome is announced once, however often its form re-renders or remounts.
const announced = new WeakSet<ActionState>();

/**
 * The form-level message of an action: an error in red, a success in green, beside the form; and
 * the same outcome in the app's notification region, so every form that shows its outcome here
 * also announces it. `announce={false}` when the caller announces it itself (ActionButtonForm,
 * whose row may leave the page before this could).
 */
export function FormMessage({ state, announce = true }: { state: ActionState; announce?: boolean }) {
  const say = useAnnounce();
  useEffect(() => {
    if (!announce || !state.message || announced.has(state)) return;
    announced.add(state);
    say({ ok: state.ok, text: state.message });
  }, [state, announce, say]);
  if (!state.message) return null;
  // wrap-anywhere: a message may carry a long URL (a calendar feed's, an invite link), which would
  // otherwise run off a phone's screen.
  return (
    <p
      role={state.ok ? "status" : "alert"}
      className={`rounded-md px-3 py-2 text-sm wrap-anywhere ${state.ok ? "bg-green-50 text-green-800" : "bg-red-50 text-red-800"}`}
    >
      {state.message}
    </p>
  );
}

type FieldProps = {
  label: string;
  name: string;
  state: ActionState;
  type?: string;
  defaultValue?: string;
  required?: boolean;
  autoComplete?: string;
  hint?: string;
  readOnly?: boolean;
  list?: string;
};

/** A labelled input whose error (from the action) is announced and tied to it. */
export function Field({ label, name, state, type = "text", defaultValue, hint, ...rest }: FieldProps) {
  const error = state.fields?.[name];
  const id = `field-${name}`;
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <input
        id={id}
        name={name}
        type={type}
        defaultValue={state.values?.[name] ?? defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        className="rounded-md border border-zinc-300 bg-white px-3 py-2 aria-[invalid]:border-red-500"
        {...rest}
      />
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-zinc-500">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
