"use client";

import { useActionState } from "react";
import { Field, FormMessage, SubmitButton } from "@/app/_components/form";
import { type ActionState, initialActionState } from "@/app/_lib/action-state";

/** What the workspace keeps and for how long: media after its stories finished, and inbox message texts. */
export function DataRetentionSection(props: {
  action: (prev: ActionState, formData: FormData) => Promise<ActionState>;
  mediaRetentionDays: number | null;
  messageRetentionDays: number;
}) {
  const [state, formAction] = useActionState(props.action, initialActionState);
  return (
    <form
      action={formAction}
      className="flex max-w-lg flex-col gap-4"
      noValidate
      aria-labelledby="data-retention-heading"
    >
      <h2 id="data-retention-heading" className="text-lg font-semibold">
        Data retention
      </h2>
      <FormMessage state={state} />
      <Field
        label="Delete story media after (days, empty keeps it)"
        name="mediaRetentionDays"
        type="number"
        state={state}
        defaultValue={props.mediaRetentionDays === null ? "" : String(props.mediaRetentionDays)}
        hint="Once every story using a photo or video has finished (all channels done), its processed file, original and thumbnail are deleted after this many days. The stories and their numbers stay. Off by default."
      />
      <p className="text-sm text-zinc-600">
        Inbox message texts are kept for {props.messageRetentionDays} days (set under Inbox above).
      </p>
      <div>
        <SubmitButton pendingLabel="Saving…">Save retention</SubmitButton>
      </div>
    </form>
  );
}
