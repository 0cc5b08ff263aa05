"use client";

import { useActionState } from "react";
import { Field, FormMessage, SubmitButton } from "@/app/_components/form";
import { type ActionState, initialActionState } from "@/app/_lib/action-state";
import { ROLE_LABELS, type Role } from "@/lib/core/roles";

type Action = (prev: ActionState, formData: FormData) => Promise<ActionState>;

/** Shows a secret the server returned once, ready to copy. */
function ShownOnce({ label, value }: { label: string; value?: string }) {
  if (!value) return null;
  return (
    <div className="flex flex-col gap-1 rounded-md border border-amber-300 bg-amber-50 p-3">
      <span className="text-sm font-medium">{label}</span>
      <code data-testid="shown-once" className="break-all text-sm">
        {value}
      </code>
    </div>
  );
}

export function CreateApiKeyForm({ action, roles }: { action: Action; roles: Role[] }) {
  const [state, formAction] = useActionState(action, initialActionState);
  return (
    <form action={formAction} className="flex max-w-lg flex-col gap-3" noValidate>
      <FormMessage state={state} />
      <ShownOnce label="Your new API key" value={state.ok ? state.data?.key : undefined} />
      <Field label="Key name" name="name" required state={state} hint="E.g. the system that will use it." />
      <div className="flex flex-col gap-1">
        <label htmlFor="field-role" className="text-sm font-medium">
          Role
        </label>
        <select
          id="field-role"
          name="role"
          defaultValue="EDITOR"
          className="rounded-md border border-zinc-300 bg-white px-3 py-2"
        >
          {roles.map((role) => (
            <option key={role} value={role}>
              {ROLE_LABELS[role]}
            </option>
          ))}
        </select>
        {state.fields?.role ? <p className="text-sm text-red-700">{state.fields.role}</p> : null}
      </div>
      <div>
        <SubmitButton>Create API key</SubmitButton>
      </div>
    </form>
  );
}

export function CreateWebhookForm({
  action,
  events,
}: {
  action: Action;
  events: { name: string; label: string }[];
}) {
  const [state, formAction] = useActionState(action, initialActionState);
  return (
    <form action={formAction} className="flex max-w-lg flex-col gap-3" noValidate>
      <FormMessage state={state} />
      <ShownOnce label="Signing secret" value={state.ok ? state.data?.secret : undefined} />
      <Field label="Endpoint URL" name="url" type="url" required state={state} />
      <fieldset className="flex flex-col gap-1">
        <legend className="text-sm font-medium">Events</legend>
        {events.map((event) => (
          <label key={event.name} className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="events" value={event.name} defaultChecked />
            <code>{event.name}</code> <span className="text-zinc-600">{event.label}</span>
          </label>
        ))}
        {state.fields?.events ? <p className="text-sm text-red-700">{state.fields.events}</p> : null}
      </fieldset>
      <div>
        <SubmitButton>Add webhook</SubmitButton>
      </div>
    </form>
  );
}

export function SendTestEventButton({ action }: { action: (prev: ActionState) => Promise<ActionState> }) {
  const [state, formAction] = useActionState(action, initialActionState);
  return (
    <form action={formAction} className="flex flex-col gap-2">
      <FormMessage state={state} />
      <div>
        <SubmitButton pendingLabel="Sending…">Send test event</SubmitButton>
      </div>
    </form>
  );
}
