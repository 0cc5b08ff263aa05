"use client";

import { useActionState } from "react";
import { Field, FormMessage, SubmitButton } from "@/app/_components/form";
import { type ActionState, initialActionState } from "@/app/_lib/action-state";

type Action = (prev: ActionState, formData: FormData) => Promise<ActionState>;

/**
 * The chat webhook's URL and kinds. A saved URL is never sent back to the browser: the field
 * stays empty, and leaving it empty keeps the saved one.
 */
export function ChatWebhookForm({
  action,
  kinds,
  saved,
}: {
  action: Action;
  kinds: { name: string; label: string; checked: boolean }[];
  saved: { host: string; tail: string } | null;
}) {
  const [state, formAction] = useActionState(action, initialActionState);
  return (
    <form
      action={formAction}
      className="flex max-w-lg flex-col gap-3"
      noValidate
      data-testid="chat-webhook-form"
    >
      <Field
        label={
          saved ? "New incoming webhook URL (leave empty to keep the saved one)" : "Incoming webhook URL"
        }
        name="url"
        type="url"
        state={state}
        required={!saved}
        hint="Slack: an app's Incoming Webhook. Mattermost: Integrations › Incoming Webhooks. Discord: the channel webhook's URL followed by /slack."
      />
      <fieldset className="flex flex-col gap-1">
        <legend className="text-sm font-medium">Post these notifications</legend>
        {kinds.map((kind) => (
          <label key={kind.name} className="flex items-start gap-2 text-sm">
            <input
              type="checkbox"
              name="kinds"
              value={kind.name}
              defaultChecked={kind.checked}
              className="mt-1"
            />
            <span>{kind.label}</span>
          </label>
        ))}
        {state.fields?.kinds ? <p className="text-sm text-red-700">{state.fields.kinds}</p> : null}
      </fieldset>
      <div>
        <SubmitButton pendingLabel="Saving…">{saved ? "Save chat webhook" : "Add chat webhook"}</SubmitButton>
      </div>
      <FormMessage state={state} />
    </form>
  );
}
