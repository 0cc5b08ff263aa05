import type { Platform } from "../core/entities";
import type { SimState } from "../core/sim-state";
import { SimHttpError } from "../http/sim-response";
import type { SandboxPerson } from "./messaging-book";

export const DEFAULT_VIEWER_NAME = "Sandbox Viewer";

export interface ViewerInput {
  id?: string;
  name?: string;
  username?: string;
}

function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[^a-z0-9]+/g, "_")
      .replace(/^_+|_+$/g, "")
      .slice(0, 24) || "viewer"
  );
}

/** WhatsApp people are chats: `<digits>@c.us`; a bare number is accepted and completed. */
function normalizeId(platform: Platform, id: string): string {
  if (platform === "whatsapp") {
    const chat = /^\d{5,20}(@c\.us)?$/.test(id) ? (id.endsWith("@c.us") ? id : `${id}@c.us`) : undefined;
    if (!chat)
      throw new SimHttpError(400, {
        error: `viewer.id ${id} is not a WhatsApp number (digits, or <digits>@c.us)`,
      });
    return chat;
  }
  if (!/^\d{5,25}$/.test(id))
    throw new SimHttpError(400, { error: `viewer.id ${id} is not a Meta user id (digits)` });
  return id;
}

function newId(state: SimState, platform: Platform): string {
  // IGSIDs and PSIDs are long digit strings; WhatsApp people are phone numbers (German mobiles here).
  if (platform === "whatsapp") return `${state.ids.numeric("49")}@c.us`;
  return state.ids.numeric(platform === "instagram" ? "5" : "7");
}

function create(
  state: SimState,
  platform: Platform,
  fields: { id?: string; name?: string; username?: string },
) {
  const number = ++state.messaging.viewerCounter;
  const name = fields.name ?? DEFAULT_VIEWER_NAME;
  const person: SandboxPerson = {
    id: fields.id ?? newId(state, platform),
    platform,
    name,
    username:
      fields.username ??
      (name === DEFAULT_VIEWER_NAME ? `sandbox_viewer_${number}` : `${slug(name)}_${number}`),
  };
  state.messaging.people.set(person.id, person);
  return person;
}

/**
 * Who would act, without changing anything: the person with the given id, else someone of that
 * name who wrote to the account before, else (no name, or "Sandbox Viewer") the account's default
 * viewer; undefined when that person does not exist yet.
 */
export function findViewer(
  state: SimState,
  platform: Platform,
  accountId: string,
  input: ViewerInput | undefined,
): SandboxPerson | undefined {
  const book = state.messaging;
  const name = input?.name?.trim() || undefined;
  const username = input?.username?.trim() || undefined;
  if (input?.id) {
    const id = normalizeId(platform, input.id.trim());
    const existing = book.people.get(id);
    if (existing && existing.platform !== platform) {
      throw new SimHttpError(422, {
        error: `viewer ${id} is a ${existing.platform} person, not ${platform}`,
      });
    }
    return existing;
  }
  if (name && name !== DEFAULT_VIEWER_NAME) {
    return book
      .peopleOf(accountId)
      .map((id) => book.people.get(id))
      .find((person) => person?.name === name && (!username || person.username === username));
  }
  const defaultId = book.defaultViewers.get(accountId);
  return defaultId ? book.people.get(defaultId) : undefined;
}

/**
 * The sandbox person who acts (see findViewer), created on first use; a given id with a name or
 * username renames that person. Call it once the request is known to be valid.
 */
export function resolveViewer(
  state: SimState,
  platform: Platform,
  accountId: string,
  input: ViewerInput | undefined,
): SandboxPerson {
  const name = input?.name?.trim() || undefined;
  const username = input?.username?.trim() || undefined;
  const existing = findViewer(state, platform, accountId, input);
  if (existing) {
    if (input?.id && name) existing.name = name;
    if (input?.id && username) existing.username = username;
    return existing;
  }
  if (input?.id)
    return create(state, platform, { id: normalizeId(platform, input.id.trim()), name, username });
  if (name && name !== DEFAULT_VIEWER_NAME) return create(state, platform, { name, username });
  const person = create(state, platform, { username });
  state.messaging.defaultViewers.set(accountId, person.id);
  return person;
}
