"use client";

import { type FormEvent, startTransition, useActionState } from "react";
import { type ActionState, initialActionState } from "@/app/_lib/action-state";

/**
 * useActionState for forms that must keep what the person entered when the server refuses it:
 * chosen files, which a browser never lets a page refill, and radios that decide which fields
 * show. React resets a form after its `action` runs; submitting from onSubmit instead (inside a
 * transition, so redirects and pending state still work) leaves the form as it was. `action`
 * stays on the form too, so it still submits before the page's script has loaded.
 */
export function useKeptFormAction(action: (prev: ActionState, formData: FormData) => Promise<ActionState>) {
  const [state, formAction, pending] = useActionState(action, initialActionState);
  const submit = (formData: FormData) => startTransition(() => formAction(formData));
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    submit(new FormData(event.currentTarget));
  };
  return { state, formAction, pending, onSubmit, submit };
}
