"use client";

import { useActionState, useState } from "react";
import { FormMessage, SubmitButton } from "@/app/_components/form";
import { type ActionState, initialActionState } from "@/app/_lib/action-state";
import { CopyButton } from "./copy-button";

type Choice = { id: string; label: string; when: React.ReactNode };

/**
 * "Share for review": a date range in the brand's zone or a selection of stories, an expiry of
 * 1–30 days, and the link to copy once it is made.
 */
export function ShareForm({
  action,
  stories,
  origin,
  defaultFrom,
  defaultTo,
}: {
  action: (prev: ActionState, formData: FormData) => Promise<ActionState>;
  stories: Choice[];
  origin: string;
  defaultFrom: string;
  defaultTo: string;
}) {
  const [state, formAction] = useActionState(action, initialActionState);
  const [mode, setMode] = useState<"range" | "selection">("range");
  const url = state.ok && state.data?.path ? `${origin}${state.data.path}` : null;
  return (
    <form action={formAction} className="flex flex-col gap-4 rounded-lg border border-zinc-200 bg-white p-4">
      <fieldset className="flex flex-wrap gap-4 text-sm">
        <legend className="mb-1 font-medium">Which stories</legend>
        <label className="flex items-center gap-2">
          <input
            type="radio"
            name="mode"
            value="range"
            checked={mode === "range"}
            onChange={() => setMode("range")}
          />
          Stories of some days
        </label>
        <label className="flex items-center gap-2">
          <input
            type="radio"
            name="mode"
            value="selection"
            checked={mode === "selection"}
            onChange={() => setMode("selection")}
          />
          Selected stories
        </label>
      </fieldset>
      {mode === "range" ? (
        <div className="flex flex-wrap gap-4">
          <label className="flex flex-col gap-1 text-sm font-medium">
            From
            <input
              type="date"
              name="from"
              required
              defaultValue={state.values?.from ?? defaultFrom}
              className="rounded-md border border-zinc-300 px-3 py-2 font-normal"
            />
          </label>
          <label className="flex flex-col gap-1 text-sm font-medium">
            To (included)
            <input
              type="date"
              name="to"
              required
              defaultValue={state.values?.to ?? defaultTo}
              className="rounded-md border border-zinc-300 px-3 py-2 font-normal"
            />
          </label>
        </div>
      ) : stories.length === 0 ? (
        <p className="text-sm text-zinc-600">This brand has no stories to share yet.</p>
      ) : (
        <fieldset className="flex flex-col gap-1 text-sm">
          <legend className="mb-1 font-medium">Stories</legend>
          {stories.map((story) => (
            <label key={story.id} className="flex flex-wrap items-center gap-2" data-testid="share-story">
              <input type="checkbox" name="storyIds" value={story.id} />
              <span>{story.label}</span>
              <span className="text-zinc-500">{story.when}</span>
            </label>
          ))}
        </fieldset>
      )}
      {state.fields?.storyIds || state.fields?.to || state.fields?.from ? (
        <p className="text-sm text-red-700">
          {state.fields.storyIds ?? state.fields.to ?? state.fields.from}
        </p>
      ) : null}
      <div className="flex flex-wrap gap-4">
        <label className="flex flex-col gap-1 text-sm font-medium">
          Label (for you)
          <input
            name="label"
            maxLength={120}
            placeholder="March plan for the client"
            className="rounded-md border border-zinc-300 px-3 py-2 font-normal"
          />
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium">
          Expires after (days)
          <input
            type="number"
            name="expiresInDays"
            min={1}
            max={30}
            defaultValue={7}
            className="w-28 rounded-md border border-zinc-300 px-3 py-2 font-normal"
          />
        </label>
      </div>
      <div>
        <SubmitButton pendingLabel="Creating the link…">Create review link</SubmitButton>
      </div>
      <FormMessage state={state} />
      {url ? (
        <div className="flex flex-wrap items-center gap-2">
          <input
            readOnly
            value={url}
            aria-label="Review link"
            data-testid="new-review-link"
            className="min-w-0 flex-1 rounded-md border border-zinc-300 bg-zinc-50 px-3 py-2 font-mono text-xs"
          />
          <CopyButton text={url} />
        </div>
      ) : null}
    </form>
  );
}
