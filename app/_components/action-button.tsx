"use client";

import { useActionState } from "react";
import type { ActionState } from "@/app/_lib/action-state";
import { initialActionState } from "@/app/_lib/action-state";
import { FormMessage } from "./form";

export type ButtonAction = (prev: ActionState, formData: FormData) => Promise<ActionState>;

/**
 * One button that runs a server action and shows its outcome beside it (a refusal included), and
 * asks first when `confirm` is set. Without scripts the form still posts and the page shows the
 * outcome once it reloads.
 */
export function ActionButtonForm(props: {
  action: ButtonAction;
  label: string;
  pendingLabel: string;
  className: string;
  confirm?: string;
  ariaLabel?: string;
}) {
  const [state, formAction, pending] = useActionState(props.action, initialActionState);
  const { confirm } = props;
  return (
    <form
      action={formAction}
      className="flex flex-col items-start gap-2"
      onSubmit={
        confirm
          ? (event) => {
              if (!window.confirm(confirm)) event.preventDefault();
            }
          : undefined
      }
    >
      <FormMessage state={state} />
      <button type="submit" disabled={pending} className={props.className} aria-label={props.ariaLabel}>
        {pending ? props.pendingLabel : props.label}
      </button>
    </form>
  );
}
