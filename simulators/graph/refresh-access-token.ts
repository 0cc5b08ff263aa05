import type { TokenRecord } from "../core/entities";
import { randomToken } from "../core/ids";
import type { SimState } from "../core/sim-state";
import type { SimRequest } from "../http/read-request";
import { json, type SimResponse } from "../http/sim-response";
import { readToken, tokenProblem } from "./graph-auth";
import { graphError, missingToken, unparsableToken } from "./graph-error";

/** A fresh token for the same subject and scopes; the old one stays valid until it expires. */
export function issueLongLivedToken(state: SimState, from: TokenRecord, prefix: string): TokenRecord {
  const now = state.now();
  const token: TokenRecord = {
    ...from,
    value: randomToken(prefix),
    issuedAt: now,
    expiresAt: now + state.options.tokenLifetimeMs,
    revokedSubcode: undefined,
  };
  state.tokens.set(token.value, token);
  return token;
}

// GET graph.instagram.com/refresh_access_token?grant_type=ig_refresh_token – renew a long-lived token
export function refreshAccessToken(state: SimState, req: SimRequest): SimResponse {
  if (req.params.get("grant_type") !== "ig_refresh_token") {
    throw graphError({ code: 100, message: "(#100) grant_type must be ig_refresh_token" });
  }
  const value = readToken(req);
  if (!value) throw missingToken();
  const token = state.tokens.get(value);
  if (token?.kind !== "instagram_user") throw unparsableToken();
  const problem = tokenProblem(state, token);
  if (problem) throw problem;
  // Only tokens at least 24 h old can be refreshed (the exact error is undocumented: unsure).
  if (state.now() - token.issuedAt < state.options.minTokenAgeForRefreshMs) {
    throw graphError({
      code: 100,
      message:
        "(#100) The access token is too recent to be refreshed; long-lived tokens can be refreshed once they are 24 hours old",
    });
  }
  const fresh = issueLongLivedToken(state, token, "IGAA");
  return json({
    access_token: fresh.value,
    token_type: "bearer",
    expires_in: Math.round((fresh.expiresAt - state.now()) / 1000),
  });
}
