import type { SimState } from "../core/sim-state";
import type { SimRequest } from "../http/read-request";
import { json, type SimResponse } from "../http/sim-response";
import { authenticate } from "./graph-auth";

// Meta answers 190 with this subcode once a person removed the app ("has not authorized application").
const DEAUTHORIZED_SUBCODE = 458;

// DELETE /{user-id}/permissions (or /me/permissions) – the person's authorization of the app ends:
// every token issued for that account stops working, as on Meta, so a later call fails with 190/458.
export function revokePermissions(
  state: SimState,
  req: SimRequest,
  host: "facebook" | "instagram",
): SimResponse {
  const token = authenticate(state, req);
  for (const other of state.tokens.values()) {
    if (other.accountId === token.accountId) other.revokedSubcode = DEAUTHORIZED_SUBCODE;
  }
  state.recordRevocation({ platform: host, accountId: token.accountId, call: "DELETE permissions" });
  return json({ success: true });
}
