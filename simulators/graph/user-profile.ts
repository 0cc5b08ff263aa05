import type { TokenRecord } from "../core/entities";
import type { SimState } from "../core/sim-state";
import type { SimRequest } from "../http/read-request";
import { json, type SimResponse } from "../http/sim-response";
import type { SandboxPerson } from "../messaging/messaging-book";
import { authenticate, canActForInstagram, canActForPage } from "./graph-auth";
import { unknownObject } from "./graph-error";
import { pickFields, requestedFields } from "./graph-fields";

/** Where the simulator serves a person's generated avatar (profile_pic). */
export function avatarUrl(origin: string, personId: string): string {
  return `${origin}/_sim/avatars/${encodeURIComponent(personId)}.svg`;
}

/** The account the token acts for among those the person wrote to (on the person's platform). */
export function profileAccountFor(
  state: SimState,
  person: SandboxPerson,
  token: TokenRecord,
): string | undefined {
  return state.messaging
    .accountsOf(person.id)
    .find((accountId) =>
      person.platform === "instagram"
        ? canActForInstagram(state, token, accountId)
        : canActForPage(state, token, accountId),
    );
}

/**
 * GET /{igsid}?fields=name,username,profile_pic (Instagram) or GET /{psid}?fields=first_name,
 * last_name,profile_pic (Facebook): a person's profile, readable by a token of an account the
 * person wrote to (as with Meta, only people who messaged the account can be looked up); for any
 * other token the id does not exist.
 */
export function readUserProfile(state: SimState, req: SimRequest, person: SandboxPerson): SimResponse {
  const token = authenticate(state, req);
  if (!profileAccountFor(state, person, token)) throw unknownObject(person.id, req.method);
  const profilePic = avatarUrl(req.origin, person.id);
  if (person.platform === "instagram") {
    const all = { id: person.id, name: person.name, username: person.username, profile_pic: profilePic };
    return json(pickFields(all, requestedFields(req, ["name", "username", "profile_pic"])));
  }
  const [first, ...rest] = person.name.split(" ");
  const all = {
    id: person.id,
    first_name: first ?? person.name,
    last_name: rest.join(" "),
    name: person.name,
    profile_pic: profilePic,
  };
  return json(pickFields(all, requestedFields(req, ["first_name", "last_name", "profile_pic"])));
}
