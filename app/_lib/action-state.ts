import { isAppError } from "@/lib/errors";

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
 * Runs a server action's work and turns domain errors into form feedback. Anything that is not
 * an AppError (a bug, the database gone) is re-thrown to the error page and the log; Next's own
 * redirect and not-found signals pass through untouched.
 */
export async function runAction(
  formData: FormData | null,
  work: () => Promise<ActionState | undefined>,
): Promise<ActionState> {
  try {
    return (await work()) ?? { ok: true };
  } catch (error) {
    if (!isAppError(error)) throw error;
    // Invalid input is explained next to each field; the summary line would repeat it with
    // internal field names.
    const message =
      error.code === "INVALID_INPUT" && error.details.fields
        ? "Please correct the marked fields."
        : error.message;
    return { ok: false, message, fields: error.details.fields, values: echo(formData) };
  }
}

function echo(formData: FormData | null): Record<string, string> | undefined {
  if (!formData) return undefined;
  const values: Record<string, string> = {};
  for (const [key, value] of formData) {
    if (typeof value === "string" && !/password/i.test(key)) values[key] = value;
  }
  return values;
}
