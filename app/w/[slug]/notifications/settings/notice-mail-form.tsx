"use client";

import { useActionState } from "react";
import { FormMessage, SubmitButton } from "@/app/_components/form";
import { type ActionState, initialActionState } from "@/app/_lib/action-state";

export function NoticeMailForm({
  action,
  current,
  choices,
}: {
  action: (prev: ActionState, formData: FormData) => Promise<ActionState>;
  current: string;
  choices: { value: string; label: string; hint: string | null }[];
}) {
  const [state, formAction] = useActionState(action, initialActionState);
  return (
    <form action={formAction} className="flex flex-col gap-3" data-testid="notice-mail-form">
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-1 text-sm font-medium">E-mail</legend>
        {choices.map((choice) => (
          <label key={choice.value} className="flex items-start gap-2 text-sm">
            <input
              type="radio"
              name="noticeMail"
              value={choice.value}
              defaultChecked={choice.value === current}
              className="mt-1"
            />
            <span>
              {choice.label}
              {choice.hint ? <span className="block text-xs text-zinc-500">{choice.hint}</span> : null}
            </span>
          </label>
        ))}
      </fieldset>
      <div>
        <SubmitButton pendingLabel="Saving…">Save</SubmitButton>
      </div>
      <FormMessage state={state} />
    </form>
  );
}
