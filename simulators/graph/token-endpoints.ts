import type { TokenRecord } from "../core/entities";
import type { SimState } from "../core/sim-state";
import type { SimRequest } from "../http/read-request";
import { json, type SimResponse } from "../http/sim-response";
import { authenticate, readToken, tokenProblem } from "./graph-auth";
import { graphError, missingParameter, missingToken, unparsableToken } from "./graph-error";
import { issueLongLivedToken } from "./refresh-access-token";

function isAppToken(state: SimState, value: string): boolean {
  return value === `${state.options.appId}|${state.options.appSecret}`;
}

function tokenType(token: TokenRecord): string {
  return token.kind === "page" ? "PAGE" : "USER";
}

// GET /debug_token?input_token=… – validity, scopes and expiry of a token
export function debugToken(state: SimState, req: SimRequest): SimResponse {
  const caller = readToken(req);
  if (!caller) throw missingToken();
  if (!isAppToken(state, caller)) authenticate(state, req);
  const input = req.params.get("input_token");
  if (!input) throw missingParameter("input_token");
  const token = state.tokens.get(input);
  if (!token) {
    throw graphError({ code: 190, message: "(#190) The input token is invalid: Invalid OAuth access token" });
  }
  const problem = tokenProblem(state, token);
  const body = problem?.body as
    | { error: { code: number; error_subcode?: number; message: string } }
    | undefined;
  const data: Record<string, unknown> = {
    app_id: state.options.appId,
    type: tokenType(token),
    application: "StoryRelay Simulator",
    data_access_expires_at: Math.floor((token.issuedAt + 90 * 24 * 3600 * 1000) / 1000),
    // 0 means "never" (Page tokens made from a long-lived user token).
    expires_at: Number.isFinite(token.expiresAt) ? Math.floor(token.expiresAt / 1000) : 0,
    issued_at: Math.floor(token.issuedAt / 1000),
    is_valid: problem === undefined,
    scopes: token.scopes,
    granular_scopes: token.scopes.map((scope) => ({ scope })),
    user_id: token.kind === "page" ? state.pages.get(token.subjectId)?.userId : token.subjectId,
  };
  if (token.kind === "page") data.profile_id = token.subjectId;
  if (body) {
    data.error = { code: body.error.code, message: body.error.message, subcode: body.error.error_subcode };
  }
  return json({ data });
}

// GET /oauth/access_token?grant_type=fb_exchange_token – short-lived user token → long-lived one
export function exchangeToken(state: SimState, req: SimRequest): SimResponse {
  if (req.params.get("grant_type") !== "fb_exchange_token") {
    throw graphError({ code: 100, message: "(#100) Unsupported grant_type; use fb_exchange_token" });
  }
  if (req.params.get("client_id") !== state.options.appId) {
    throw graphError({ code: 101, message: "Error validating application. Invalid application ID." });
  }
  if (req.params.get("client_secret") !== state.options.appSecret) {
    throw graphError({ code: 1, message: "Error validating client secret." });
  }
  const value = req.params.get("fb_exchange_token");
  if (!value) throw missingParameter("fb_exchange_token");
  const token = state.tokens.get(value);
  if (token?.kind !== "facebook_user") throw unparsableToken();
  const problem = tokenProblem(state, token);
  if (problem) throw problem;
  const fresh = issueLongLivedToken(state, token, "EAAL");
  return json({
    access_token: fresh.value,
    token_type: "bearer",
    expires_in: Math.round((fresh.expiresAt - state.now()) / 1000),
  });
}
