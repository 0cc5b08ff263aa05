"use client";

import { useActionState, useEffect, useState } from "react";
import { FormMessage, SubmitButton } from "@/app/_components/form";
import { type ActionState, initialActionState } from "@/app/_lib/action-state";

type FormAction = (prev: ActionState, formData: FormData) => Promise<ActionState>;

export function AssignForm(props: {
  action: FormAction;
  assigneeId: string | null;
  members: { id: string; name: string }[];
}) {
  const [state, formAction] = useActionState(props.action, initialActionState);
  // Controlled: React resets an uncontrolled form after its action, which would put the select
  // back to the assignee the page first rendered; this follows the server's (also after another
  // member's change arrives live).
  const [assigneeId, setAssigneeId] = useState(props.assigneeId ?? "");
  useEffect(() => setAssigneeId(props.assigneeId ?? ""), [props.assigneeId]);
  return (
    <form action={formAction} className="flex flex-col gap-2">
      <FormMessage state={state} />
      <label className="flex flex-col gap-1 text-sm font-medium">
        Assigned to
        <select
          name="assigneeId"
          value={assigneeId}
          onChange={(event) => setAssigneeId(event.target.value)}
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
