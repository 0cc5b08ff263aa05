"use client";

import { useActionState } from "react";
import { FormMessage, SubmitButton } from "@/app/_components/form";
import { type ActionState, initialActionState } from "@/app/_lib/action-state";

type FormAction = (prev: ActionState, formData: FormData) => Promise<ActionState>;

export function AssignForm(props: {
  action: FormAction;
  assigneeId: string | null;
  members: { id: string; name: string }[];
}) {
  const [state, formAction] = useActionState(props.action, initialActionState);
  return (
    <form action={formAction} className="flex flex-col gap-2">
      <FormMessage state={state} />
      <label className="flex flex-col gap-1 text-sm font-medium">
        Assigned to
        {/* Keyed by the server's assignee: React resets a form after its action to the defaults
            its fields were first rendered with, so a new assignee (ours, or another member's
            arriving live) remounts the select with it as its default. */}
        <select
          key={props.assigneeId ?? "nobody"}
          name="assigneeId"
          defaultValue={props.assigneeId ?? ""}
          className="rounded-md border border-zinc-300 bg-white px-2 py-1.5 font-normal"
        >
          <option value="">Nobody</option>
          {props.members.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </select>
      </label>
      <div>
        <SubmitButton pendingLabel="Assigning…">Assign</SubmitButton>
      </div>
    </form>
  );
}

export function NoteForm({ action }: { action: FormAction }) {
  const [state, formAction] = useActionState(action, initialActionState);
  return (
    <form action={formAction} className="flex flex-col gap-2" key={state.ok ? state.message : "note"}>
      <FormMessage state={state} />
      <label className="flex flex-col gap-1 text-sm font-medium">
        Internal note (the person never sees it)
        <textarea
          name="body"
          rows={2}
          maxLength={2000}
          defaultValue={state.ok ? "" : state.values?.body}
          className="rounded-md border border-zinc-300 px-2 py-1.5 font-normal"
        />
      </label>
      <div>
        <SubmitButton pendingLabel="Adding…">Add note</SubmitButton>
      </div>
    </form>
  );
}
