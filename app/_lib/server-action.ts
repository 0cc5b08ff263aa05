import "server-only";
import { randomUUID } from "node:crypto";
import { headers } from "next/headers";
import { unstable_rethrow } from "next/navigation";
import { lacksRequiredTwoFactor } from "@/lib/auth/workspace-two-factor";
import { REQUEST_ID_HEADER, requestIdFrom, withRequestId } from "@/lib/correlation/request-id";
import { AppError, isAppError } from "@/lib/errors";
import { createLogger } from "@/lib/logger";
import { findUnsafeText } from "@/lib/validation";
import type { WorkspaceContext } from "@/lib/workspaces/context";
import { resolveWorkspaceContext } from "@/lib/workspaces/resolve-workspace-context";
import { type ActionState, toActionState } from "./action-state";
import { type WebDeps, webDeps } from "./deps";
import { withRequestOrigin } from "./request-origin";
import { requireUser, type SessionUser } from "./session";

const logger = createLogger("web");

/** Longest id or slug an action accepts as an argument; ours are far shorter. */
const MAX_ARGUMENT_LENGTH = 200;

/**
 * Longest text any form field or payload string may hold. The use cases' own limits are far
 * lower (the longest, a WhatsApp caption, is 700 characters); this one refuses a megabyte at the
 * door even where a field is read loosely (a checkbox compared with "on").
 */
const MAX_FIELD_LENGTH = 10_000;

/**
 * What the browser sent a server action. Everything here is input, whatever the page bound into
 * the form: `args` are the bound arguments by name (a slug, ids), `form` the submitted form and
 * `payload` a plain object an action takes instead of a form (the composer's).
 */
export type ActionInput = {
  args?: Record<string, unknown>;
  form?: FormData | null;
  payload?: unknown;
};

/**
 * Runs a server action's work and answers with form state, never with a throw: a refusal
 * (AppError) becomes its message and field errors; anything else (a bug, the database gone) is
 * logged once and answered with a generic message and a reference to find the log line. Next's
 * own redirect and not-found signals pass through untouched.
 *
 * Before the work runs, every argument and form entry (file names included) is checked for text
 * that could not be stored, and bound arguments must be short strings, so hostile input is
 * refused here before anything reaches the database.
 */
export async function serverAction(
  input: ActionInput,
  work: (deps: WebDeps) => Promise<ActionState | undefined>,
): Promise<ActionState> {
  // One correlation id for the action, its log lines and the jobs it queues (decision 036).
  return withRequestId(await actionRequestId(), async () => {
    try {
      checkInput(input);
      return (await work(webDeps())) ?? { ok: true };
    } catch (error) {
      return refusal(error, input.form ?? null);
    }
  });
}

/** The request's X-Request-Id (sanitised), or a new id; a call outside a request (a script) gets a new one. */
async function actionRequestId(): Promise<string> {
  try {
    return requestIdFrom((await headers()).get(REQUEST_ID_HEADER));
  } catch {
    return requestIdFrom(undefined);
  }
}

/**
 * `serverAction` for an action inside workspace `slug`: the signed-in user's context there is
 * resolved from the session on every call (the slug is input like any other), and the use cases
 * check role and tenancy. Not signed in redirects to sign-in; not a member is refused like a
 * workspace that does not exist.
 */
export async function workspaceAction(
  slug: unknown,
  input: ActionInput,
  work: (ctx: WorkspaceContext, deps: WebDeps, user: SessionUser) => Promise<ActionState | undefined>,
): Promise<ActionState> {
  return serverAction({ ...input, args: { slug, ...input.args } }, async (deps) => {
    const user = await requireUser(`/w/${slug}`);
    const ctx = await withRequestOrigin(await resolveWorkspaceContext(deps.db, user.id, slug as string));
    if (await lacksRequiredTwoFactor(deps.db, ctx.workspaceId, user.id)) {
      throw new AppError(
        "FORBIDDEN",
        "This workspace requires two-factor sign-in: turn it on under Account security first.",
      );
    }
    return work(ctx, deps, user);
  });
}

/** `serverAction` for a signed-in user outside any workspace (creating one, accepting an invite). */
export async function userAction(
  returnTo: string,
  input: ActionInput,
  work: (user: SessionUser, deps: WebDeps) => Promise<ActionState | undefined>,
): Promise<ActionState> {
  return serverAction(input, async (deps) => work(await requireUser(returnTo), deps));
}

function checkInput({ args = {}, form, payload }: ActionInput): void {
  for (const [name, value] of Object.entries(args)) {
    // Bound arguments are not form fields: the refusal names them in its message only, since the
    // form has no field to mark.
    if (typeof value !== "string" || value.length > MAX_ARGUMENT_LENGTH) {
      throw new AppError("INVALID_INPUT", `${name}: This link is not valid. Reload the page and try again.`);
    }
    const unsafe = findUnsafeText(value, [name]);
    if (unsafe) throw new AppError("INVALID_INPUT", `${unsafe.field}: ${unsafe.message}`);
  }
  // A form's refusal names the form field (not "channelIds.2"), so the form can mark it.
  for (const [name, value] of Object.entries(form ? formEntries(form) : {})) {
    const unsafe = findUnsafeText({ [name]: value });
    if (unsafe) refuseField(name, unsafe.message);
    if (findLongText(value)) refuseField(name, TOO_LONG);
  }
  const unsafe = findUnsafeText(payload);
  if (unsafe) refuseField(unsafe.field, unsafe.message);
  const long = findLongText(payload);
  if (long) refuseField(long, TOO_LONG);
}

const TOO_LONG = `Too long: at most ${new Intl.NumberFormat("en").format(MAX_FIELD_LENGTH)} characters.`;

/** The dotted path of the first string in `value` longer than MAX_FIELD_LENGTH, if any. */
function findLongText(value: unknown, path: readonly (string | number)[] = []): string | undefined {
  if (typeof value === "string") return value.length > MAX_FIELD_LENGTH ? path.join(".") || "_" : undefined;
  if (value === null || typeof value !== "object" || value instanceof Blob) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const found = findLongText(item, [...path, key]);
    if (found) return found;
  }
  return undefined;
}

function refuseField(field: string, message: string): never {
  throw new AppError("INVALID_INPUT", `${field}: ${message}`, { fields: { [field]: message } });
}

/**
 * A form's entries by field name (a repeated name keeps all its values), without the `$ACTION_*`
 * entries Next adds to a progressively enhanced form: they are not the person's input.
 */
export function formEntries(form: FormData): Record<string, FormDataEntryValue | FormDataEntryValue[]> {
  const entries: Record<string, FormDataEntryValue | FormDataEntryValue[]> = {};
  for (const key of new Set(form.keys())) {
    if (key.startsWith("$ACTION_")) continue;
    const values = form.getAll(key);
    entries[key] = values.length === 1 ? (values[0] as FormDataEntryValue) : values;
  }
  return entries;
}

function refusal(error: unknown, form: FormData | null): ActionState {
  unstable_rethrow(error);
  if (isAppError(error)) return toActionState(error, form);
  const reference = randomUUID().slice(0, 8);
  logger.error({ err: error, reference }, "server action failed");
  return {
    ok: false,
    message: `Something went wrong on our side. Reload the page to see what was saved and try again; if it keeps failing, tell your administrator (reference ${reference}).`,
  };
}
