"use client";

import { useActionState, useEffect, useId, useState } from "react";
import { ActionButtonForm } from "@/app/_components/action-button";
import { FormMessage } from "@/app/_components/form";
import { TextCounter } from "@/app/_components/text-counter";
import { publishNowConfirmation } from "@/app/_components/ui/confirm-dialog";
import { type ActionState, initialActionState } from "@/app/_lib/action-state";
import { countText } from "@/lib/core/text-limits";

type Action = (prev: ActionState, formData: FormData) => Promise<ActionState>;

const primary =
  "rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60";
const secondary =
  "rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-zinc-50 disabled:opacity-60";

const danger =
  "rounded-md border border-red-300 bg-white px-3 py-1.5 text-sm font-medium text-red-700 hover:bg-red-50 disabled:opacity-60";

export function CancelStoryForm({ action, title }: { action: Action; title: string }) {
  return (
    <ActionButtonForm
      action={action}
      label="Cancel story"
      pendingLabel="Canceling…"
      className={danger}
      subject={`“${title}”`}
      confirm={{
        title: `Cancel “${title}”?`,
        description: "Channels that have not started will not publish it.",
        confirmLabel: "Cancel story",
        destructive: true,
      }}
    />
  );
}

export function RetryTargetForm({ action, channelName }: { action: Action; channelName: string }) {
  return (
    <ActionButtonForm
      action={action}
      label="Retry"
      pendingLabel="Retrying…"
      className={secondary}
      ariaLabel={`Retry ${channelName}`}
      subject={channelName}
    />
  );
}

/** Copies the story as a new draft and opens it in the composer. */
export function DuplicateStoryForm({ action }: { action: Action }) {
  return (
    <ActionButtonForm action={action} label="Duplicate" pendingLabel="Duplicating…" className={secondary} />
  );
}

/** Moves a draft or a story scheduled for later to now, after the same checks as scheduling. */
export function PublishNowForm({
  action,
  title,
  channelCount,
}: {
  action: Action;
  title: string;
  channelCount: number;
}) {
  return (
    <ActionButtonForm
      action={action}
      label="Publish now"
      pendingLabel="Publishing…"
      className={primary}
      subject={`“${title}”`}
      confirm={publishNowConfirmation(title, channelCount)}
    />
  );
}

/** A handoff channel's story waits for a person to post it by hand and say so here. */
export function CompleteHandoffForm({ action, channelName }: { action: Action; channelName: string }) {
  const [state, formAction, pending] = useActionState(action, initialActionState);
  return (
    <form action={formAction} className="flex max-w-lg flex-col gap-2 rounded-md bg-amber-50 p-3">
      <p className="text-sm text-amber-900">
        {channelName} is posted by hand. Once it is on the phone, say so here.
      </p>
      <FormMessage state={state} />
      <div className="flex flex-wrap gap-2">
        <button type="submit" name="outcome" value="published" disabled={pending} className={primary}>
          I posted it
        </button>
        <button type="submit" name="outcome" value="not_published" disabled={pending} className={secondary}>
          It was not posted
        </button>
      </div>
    </form>
  );
}

/** The person's verdict on a story the pipeline could not confirm, with an optional note. */
export function ResolveUnconfirmedForm({ action, channelName }: { action: Action; channelName: string }) {
  const [state, formAction, pending] = useActionState(action, initialActionState);
  const noteId = useId();
  const [note, setNote] = useState("");
  const noteCount = countText("note", note);
  const tooLong = noteCount.level === "error";
  return (
    <form action={formAction} className="flex max-w-lg flex-col gap-2 rounded-md bg-amber-50 p-3">
      <p className="text-sm text-amber-900">
        StoryRelay could not find out whether this went out. Check {channelName} and tell it what you saw; it
        will not publish again by itself.
      </p>
      <FormMessage state={state} />
      <label htmlFor={noteId} className="text-sm font-medium">
        Note (optional)
      </label>
      <input
        id={noteId}
        name="note"
        value={note}
        onChange={(event) => setNote(event.target.value)}
        aria-invalid={tooLong || undefined}
        aria-describedby={`${noteId}-count`}
        className="rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm aria-[invalid]:border-red-500"
      />
      <TextCounter id={`${noteId}-count`} count={noteCount} />
      <div className="flex flex-wrap gap-2">
        <button
          type="submit"
          name="outcome"
          value="published"
          disabled={pending || tooLong}
          className={primary}
        >
          It went out
        </button>
        <button
          type="submit"
          name="outcome"
          value="not_published"
          disabled={pending || tooLong}
          className={secondary}
        >
          It did not go out
        </button>
      </div>
    </form>
  );
}

/**
 * Approve the version on screen, or send it back with a comment (required for that). The version
 * goes with the form, so a story edited meanwhile is refused rather than approved unseen.
 */
export function ReviewStoryForm({ action, version }: { action: Action; version: number }) {
  const [state, formAction, pending] = useActionState(action, initialActionState);
  const commentId = useId();
  // Controlled, so a refused decision keeps what the reviewer wrote; a recorded one clears it.
  const [comment, setComment] = useState("");
  useEffect(() => {
    if (state.ok) setComment("");
  }, [state]);
  return (
    <form action={formAction} className="flex max-w-lg flex-col gap-2 rounded-md bg-amber-50 p-3">
      <p className="text-sm text-amber-900">
        This story waits for your review (version {version}). It is not published until it is approved.
      </p>
      <FormMessage state={state} />
      <input type="hidden" name="version" value={version} />
      <label htmlFor={commentId} className="text-sm font-medium">
        Comment (required to request changes)
      </label>
      <textarea
        id={commentId}
        name="comment"
        value={comment}
        onChange={(event) => setComment(event.target.value)}
        rows={3}
        maxLength={2000}
        aria-invalid={state.fields?.comment ? true : undefined}
        aria-describedby={state.fields?.comment ? `${commentId}-error` : undefined}
        className="rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm aria-[invalid]:border-red-500"
      />
      {state.fields?.comment ? (
        <p id={`${commentId}-error`} className="text-sm text-red-700">
          {state.fields.comment}
        </p>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <button type="submit" name="decision" value="approve" disabled={pending} className={primary}>
          Approve
        </button>
        <button
          type="submit"
          name="decision"
          value="request_changes"
          disabled={pending}
          className={secondary}
        >
          Request changes
        </button>
      </div>
    </form>
  );
}
