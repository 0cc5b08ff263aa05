"use client";

import { useState } from "react";
import { Field, FormMessage } from "@/app/_components/form";
import type { ActionState } from "@/app/_lib/action-state";
import { choiceValue, isShown } from "@/lib/core/platforms/connect-form";
import type { ConnectField } from "@/lib/core/platforms/descriptor";
import { PLATFORM_DESCRIPTORS, platformDescriptor, type StoryPlatform } from "@/lib/core/platforms/registry";
import { useKeptFormAction } from "../../use-kept-form-action";

function Choice({
  name,
  value,
  selected,
  onChange,
  children,
}: {
  name: string;
  value: string;
  selected: boolean;
  onChange: () => void;
  children: React.ReactNode;
}) {
  return (
    <label className="flex items-start gap-2 text-sm">
      <input type="radio" name={name} value={value} checked={selected} onChange={onChange} className="mt-1" />
      <span>{children}</span>
    </label>
  );
}

/**
 * Connect (or reconnect) one account: the fields are the chosen platform's, from its descriptor
 * (lib/core/platforms/<platform>.ts), and only the shown ones are sent. The server checks the
 * token with the platform before saving it.
 */
export function ConnectChannelForm({
  action,
  members,
  prefill,
}: {
  action: (prev: ActionState, formData: FormData) => Promise<ActionState>;
  members: { id: string; name: string }[];
  prefill: { platform?: StoryPlatform; accountId?: string };
}) {
  const { state: answer, formAction, pending, onSubmit } = useKeptFormAction(action);
  const values = answer.values ?? {};
  const [platform, setPlatform] = useState<StoryPlatform>(
    PLATFORM_DESCRIPTORS.find((d) => d.platform === values.platform)?.platform ??
      prefill.platform ??
      PLATFORM_DESCRIPTORS[0].platform,
  );
  // The last answer was about the platform it was sent for: once another one is chosen, its
  // banner and marks no longer describe the form, so they go (the next submission answers anew).
  const [dismissed, setDismissed] = useState<ActionState | null>(null);
  const state: ActionState = answer === dismissed ? { ok: false, values: answer.values } : answer;
  const choosePlatform = (next: StoryPlatform) => {
    if (next !== platform) setDismissed(answer);
    setPlatform(next);
  };
  // The form's choices (how the token was made, how WhatsApp posts…), by field name.
  const [choices, setChoices] = useState<Record<string, string>>(() =>
    Object.fromEntries(Object.entries(values).filter(([, value]) => value !== "")),
  );
  const reconnecting = Boolean(prefill.accountId);
  const fields: readonly ConnectField[] = platformDescriptor(platform).connect.fields;
  const shown = fields.filter((field) => isShown(field, fields, (name) => choices[name]));

  return (
    <form action={formAction} onSubmit={onSubmit} className="flex max-w-lg flex-col gap-4" noValidate>
      <FormMessage state={state} />
      <fieldset className="flex flex-col gap-1">
        <legend className="mb-1 text-sm font-medium">Platform</legend>
        {PLATFORM_DESCRIPTORS.map((d) => (
          <Choice
            key={d.platform}
            name="platform"
            value={d.platform}
            selected={platform === d.platform}
            onChange={() => choosePlatform(d.platform)}
          >
            {d.channelLabel}
          </Choice>
        ))}
      </fieldset>

      {shown.map((field) => (
        <ConnectInput
          key={`${platform}-${field.name}`}
          field={field}
          state={state}
          members={members}
          chosen={choiceValue(fields, field.name, choices[field.name])}
          choose={(value) => setChoices((current) => ({ ...current, [field.name]: value }))}
          prefill={
            field.kind !== "choice" && "accountId" in field && field.accountId ? prefill.accountId : undefined
          }
          readOnly={reconnecting}
        />
      ))}

      <div>
        <button
          type="submit"
          disabled={pending}
          className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 disabled:opacity-60"
        >
          {pending ? "Checking with the platform…" : reconnecting ? "Reconnect" : "Connect"}
        </button>
      </div>
    </form>
  );
}

/** One descriptor field as its input. */
function ConnectInput({
  field,
  state,
  members,
  chosen,
  choose,
  prefill,
  readOnly,
}: {
  field: ConnectField;
  state: ActionState;
  members: { id: string; name: string }[];
  chosen: string;
  choose: (value: string) => void;
  /** The account's id when reconnecting it (its id field is then read-only). */
  prefill: string | undefined;
  readOnly: boolean;
}) {
  const error = state.fields?.[field.name];
  switch (field.kind) {
    case "text":
    case "url":
      return (
        <Field
          label={field.label}
          name={field.name}
          type={field.kind}
          required
          defaultValue={prefill}
          readOnly={prefill !== undefined && readOnly}
          hint={field.hint}
          state={state}
        />
      );
    case "secret":
      return (
        <Field
          label={field.label}
          name={field.name}
          type="password"
          autoComplete="off"
          required
          hint={field.hint}
          state={state}
        />
      );
    case "choice":
      return (
        <fieldset className="flex flex-col gap-1">
          <legend className="mb-1 text-sm font-medium">{field.label}</legend>
          {field.options.map((option) => (
            <Choice
              key={option.value}
              name={field.name}
              value={option.value}
              selected={chosen === option.value}
              onChange={() => choose(option.value)}
            >
              {option.label}
            </Choice>
          ))}
          {error ? <p className="text-sm text-red-700">{error}</p> : null}
        </fieldset>
      );
    case "note":
      return (
        <div
          role="note"
          className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900"
        >
          <strong>{field.title}</strong> {field.text}
        </div>
      );
    case "acknowledge":
      return (
        <div className="flex flex-col gap-1">
          <label className="flex items-start gap-2 text-sm">
            <input
              type="checkbox"
              name={field.name}
              className="mt-1"
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `field-${field.name}-error` : undefined}
            />
            <span>{field.label}</span>
          </label>
          {error ? (
            <p id={`field-${field.name}-error`} className="text-sm text-red-700">
              {error}
            </p>
          ) : null}
        </div>
      );
    case "member":
      return (
        <div className="flex flex-col gap-1">
          <label htmlFor={`field-${field.name}`} className="text-sm font-medium">
            {field.label}
          </label>
          <select
            id={`field-${field.name}`}
            name={field.name}
            defaultValue={state.values?.[field.name] ?? ""}
            aria-invalid={error ? true : undefined}
            className="rounded-md border border-zinc-300 bg-white px-3 py-2"
          >
            <option value="">{field.placeholder}</option>
            {members.map((member) => (
              <option key={member.id} value={member.id}>
                {member.name}
              </option>
            ))}
          </select>
          {field.hint ? <p className="text-xs text-zinc-500">{field.hint}</p> : null}
          {error ? <p className="text-sm text-red-700">{error}</p> : null}
        </div>
      );
  }
}
