"use client";

import { useActionState, useRef, useState } from "react";
import type { ActionState } from "@/app/_lib/action-state";
import { initialActionState } from "@/app/_lib/action-state";
import { FormMessage } from "./form";
import { NeedsScriptsNote } from "./needs-scripts";
import { useAnnounce } from "./ui/announcer";
import { type Confirmation, ConfirmDialog } from "./ui/confirm-dialog";
import { useHydrated } from "./use-hydrated";

export type ButtonAction = (prev: ActionState, formData: FormData) => Promise<ActionState>;

/**
 * One button that runs a server action: its outcome (a refusal included) shows beside it and in
 * the app's notification region, and with `confirm` it asks first in an accessible dialog. The
 * action runs through a function in the browser (it announces the outcome), so the button is
 * disabled until the page's scripts run (useHydrated): a click before then would do nothing.
 */
export function ActionButtonForm(props: {
  action: ButtonAction;
  label: string;
  pendingLabel: string;
  className: string;
  confirm?: Confirmation;
  ariaLabel?: string;
  /** Names what the outcome is about when read away from the button: "“Summer sale” on Instagram". */
  subject?: string;
  /** Offered with a success, for buttons whose row leaves the page once the action worked. */
  successLink?: { href: string; text: string };
}) {
  const { action, confirm, subject, successLink } = props;
  const announce = useAnnounce();
  // Announced here, as soon as the answer arrives, rather than by FormMessage once it renders:
  // the refresh that brings the answer may remove this button's row (a retried story leaves the
  // home page's failing list), and then nothing here would render to say it.
  const [state, formAction, pending] = useActionState(async (prev: ActionState, formData: FormData) => {
    const result = await action(prev, formData);
    if (result.message) {
      announce({
        ok: result.ok,
        text: subject ? `${subject}: ${result.message}` : result.message,
        ...(result.ok && successLink ? { href: successLink.href, linkText: successLink.text } : {}),
      });
    }
    return result;
  }, initialActionState);
  const form = useRef<HTMLFormElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const confirmed = useRef(false);
  const [asking, setAsking] = useState(false);
  const hydrated = useHydrated();
  return (
    <form
      ref={form}
      action={formAction}
      className="flex flex-col items-start gap-2"
      onSubmit={
        confirm
          ? (event) => {
              // The submit that follows a confirmation goes through; any other one asks first.
              if (confirmed.current) {
                confirmed.current = false;
                return;
              }
              event.preventDefault();
              setAsking(true);
            }
          : undefined
      }
    >
      <FormMessage state={state} announce={false} />
      <button
        ref={button}
        type="submit"
        disabled={pending || !hydrated}
        className={props.className}
        aria-label={props.ariaLabel}
      >
        {pending ? props.pendingLabel : props.label}
      </button>
      <NeedsScriptsNote />
      {confirm ? (
        <ConfirmDialog
          open={asking}
          onOpenChange={setAsking}
          returnFocusTo={button}
          confirmation={confirm}
          onConfirm={() => {
            confirmed.current = true;
            form.current?.requestSubmit();
          }}
        />
      ) : null}
    </form>
  );
}
