"use client";

import { useActionState } from "react";
import { Field, FormMessage, SubmitButton } from "@/app/_components/form";
import { type ActionState, initialActionState } from "@/app/_lib/action-state";

/** Names a new list, or renames one: one text field and its outcome. */
export function ListNameForm(props: {
  action: (prev: ActionState, formData: FormData) => Promise<ActionState>;
  label: string;
  submit: string;
  defaultValue?: string;
}) {
  const [state, formAction] = useActionState(props.action, initialActionState);
  return (
    <form action={formAction} className="flex flex-col gap-2">
      <Field label={props.label} name="name" state={state} defaultValue={props.defaultValue} required />
      <div>
        <SubmitButton pendingLabel="Saving…">{props.submit}</SubmitButton>
      </div>
      <FormMessage state={state} />
    </form>
  );
}
