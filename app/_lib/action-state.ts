import type { AppError } from "@/lib/errors";

/** What a form's server action returns to the form: a message and per-field errors, or success. */
export type ActionState = {
  ok: boolean;
  message?: string;
  fields?: Record<string, string>;
  /** Echo of what was submitted, so a refused form keeps the person's input. */
  values?: Record<string, string>;
  /** Extra data a successful action hands back (an invite link, say). */
  data?: Record<string, string>;
};

export const initialActionState: ActionState = { ok: false };

/**
 * A refusal from the domain (AppError) as the form's state: its message, its field errors, and
 * the form's input echoed back so the person keeps what they typed. Server actions get here
 * through `serverAction` (app/_lib/server-action.ts), which also handles every other error.
 */
export function toActionState(error: AppError, formData: FormData | null): ActionState {
  // Invalid input is also explained next to each field, but the form may not show that field
  // (Publish now on an empty draft has no "frames" input), so the summary names the problems
  // themselves, in the same words, rather than pointing at marks that may not exist.
  const message =
    error.code === "INVALID_INPUT" && error.details.fields
      ? (summaryOfFields(error.details.fields) ?? error.message)
      : error.message;
  return { ok: false, message, fields: error.details.fields, values: echo(formData) };
}

/** The field messages as one paragraph: each once, each a sentence. */
export function summaryOfFields(fields: Record<string, string>): string | null {
  const messages = [...new Set(Object.values(fields).map((message) => message.trim()))].filter(Boolean);
  if (messages.length === 0) return null;
  return messages.map((message) => (/[.!?…]$/.test(message) ? message : `${message}.`)).join(" ");
}

function echo(formData: FormData | null): Record<string, string> | undefined {
  if (!formData) return undefined;
  const values: Record<string, string> = {};
  for (const [key, value] of formData) {
    if (typeof value === "string" && !/password/i.test(key) && !key.startsWith("$ACTION_"))
      values[key] = value;
  }
  return values;
}
