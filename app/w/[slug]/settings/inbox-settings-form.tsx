"use client";

import { useActionState } from "react";
import { Field, FormMessage, SubmitButton } from "@/app/_components/form";
import { type ActionState, initialActionState } from "@/app/_lib/action-state";

/** How long message texts are kept, and whether late human-agent replies are allowed (admins). */
export function InboxSettingsForm(props: {
  action: (prev: ActionState, formData: FormData) => Promise<ActionState>;
  messageRetentionDays: number;
  humanAgentReplies: boolean;
}) {
  const [state, formAction] = useActionState(props.action, initialActionState);
  return (
    <form
      action={formAction}
      className="flex max-w-lg flex-col gap-4"
      noValidate
      aria-labelledby="inbox-settings-heading"
    >
      <h2 id="inbox-settings-heading" className="text-lg font-semibold">
        Inbox
      </h2>
      <FormMessage state={state} />
      <Field
        label="Keep message texts for (days)"
        name="messageRetentionDays"
        type="number"
        state={state}
        defaultValue={String(props.messageRetentionDays)}
        hint="After this many days the text and attachments of messages are removed; the conversation and its dates stay. 1 to 3,650 days."
      />
      <label className="flex items-start gap-2 text-sm">
        <input
          type="checkbox"
          name="humanAgentReplies"
          defaultChecked={state.values ? state.values.humanAgentReplies === "on" : props.humanAgentReplies}
          className="mt-1"
        />
        <span>
          <span className="font-medium">Allow late replies by a person (Meta's human-agent tag)</span>
          <span className="block text-zinc-600">
            Instagram and Messenger accept answers only within 24 hours of the person's last message. With
            this on, members may still answer up to 7 days after it, tagged HUMAN_AGENT. Meta allows the tag
            only for a person answering a question that could not be answered in time — never for automated or
            promotional messages — and may restrict an app that misuses it.
          </span>
        </span>
      </label>
      <div>
        <SubmitButton pendingLabel="Saving…">Save inbox settings</SubmitButton>
      </div>
    </form>
  );
}
