import type { SimState } from "../core/sim-state";
import type { SimRequest } from "../http/read-request";
import { json, type SimResponse } from "../http/sim-response";
import { graphError } from "./graph-error";

// GET /oauth/access_token?grant_type=client_credentials&client_id&client_secret – an app access
// token. The setup doctor asks for one to learn whether the app id and secret are accepted; Meta
// answers `{ access_token: "{app-id}|{token}", token_type }` and refuses a wrong id or secret with
// the same errors as the other grants.
export function appAccessToken(state: SimState, req: SimRequest): SimResponse {
  if (req.params.get("client_id") !== state.options.appId) {
    throw graphError({ code: 101, message: "Error validating application. Invalid application ID." });
  }
  if (req.params.get("client_secret") !== state.options.appSecret) {
    throw graphError({ code: 1, message: "Error validating client secret." });
  }
  return json({ access_token: `${state.options.appId}|${state.options.appSecret}`, token_type: "bearer" });
}
