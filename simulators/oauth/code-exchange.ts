import type { OAuthCode, TokenRecord } from "../core/entities";
import { randomToken } from "../core/ids";
import type { SimState } from "../core/sim-state";
import { authenticate, readToken, tokenProblem } from "../graph/graph-auth";
import { graphError, missingParameter, missingToken, unparsableToken } from "../graph/graph-error";
import { issueLongLivedToken } from "../graph/refresh-access-token";
import type { SimRequest } from "../http/read-request";
import { json, type SimResponse } from "../http/sim-response";

/** Short-lived tokens: about two hours for Facebook user tokens, one hour for Instagram Login. */
const SHORT_LIVED_MS = { facebook: 2 * 3_600_000, instagram: 3_600_000 } as const;

function checkClient(state: SimState, req: SimRequest): void {
  if (req.params.get("client_id") !== state.options.appId) {
    throw graphError({ code: 101, message: "Error validating application. Invalid application ID." });
  }
  if (req.params.get("client_secret") !== state.options.appSecret) {
    throw graphError({ code: 1, message: "Error validating client secret." });
  }
}

/** The code, once: a second use, an expired code or another redirect_uri is Meta's 100/36009 family. */
function redeem(state: SimState, req: SimRequest, login: OAuthCode["login"]): OAuthCode {
  const value = req.params.get("code");
  if (!value) throw missingParameter("code");
  const code = state.oauthCodes.get(value);
  if (!code || code.login !== login) {
    throw graphError({ code: 100, type: "OAuthException", message: "Invalid verification code format." });
  }
  if (code.used) {
    throw graphError({
      code: 100,
      subcode: 36009,
      type: "OAuthException",
      message: "This authorization code has been used.",
    });
  }
  if (state.now() >= code.expiresAt) {
    throw graphError({
      code: 100,
      subcode: 36007,
      type: "OAuthException",
      message: "This authorization code has expired.",
    });
  }
  if (req.params.get("redirect_uri") !== code.redirectUri) {
    throw graphError({
      code: 100,
      subcode: 36008,
      type: "OAuthException",
      message:
        "Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request",
    });
  }
  code.used = true;
  return code;
}

function issue(state: SimState, code: OAuthCode, kind: TokenRecord["kind"], prefix: string): TokenRecord {
  const now = state.now();
  const token: TokenRecord = {
    value: randomToken(prefix),
    kind,
    subjectId: code.subjectId,
    accountId: code.subjectId,
    scopes: code.scopes,
    declined: code.declined,
    pageIds: code.pageIds,
    issuedAt: now,
    expiresAt: now + SHORT_LIVED_MS[code.login],
  };
  state.tokens.set(token.value, token);
  return token;
}

// GET graph.facebook.com/{v}/oauth/access_token?client_id&redirect_uri&client_secret&code – code → short-lived user token
export function exchangeFacebookCode(state: SimState, req: SimRequest): SimResponse {
  checkClient(state, req);
  const code = redeem(state, req, "facebook");
  renewUnusablePageTokens(state, code);
  const token = issue(state, code, "facebook_user", "EAAU");
  return json({
    access_token: token.value,
    token_type: "bearer",
    expires_in: Math.round((token.expiresAt - state.now()) / 1000),
  });
}

/**
 * Signing in again is how a person repairs a revoked or expired Page token: the chosen Pages whose
 * token no longer works get a new one (never expiring), which /me/accounts then hands out.
 */
function renewUnusablePageTokens(state: SimState, code: OAuthCode): void {
  for (const pageId of code.pageIds ?? []) {
    const page = state.pages.get(pageId);
    const current = page ? state.tokens.get(page.token) : undefined;
    if (!page || !current || !tokenProblem(state, current)) continue;
    const fresh: TokenRecord = {
      ...current,
      value: randomToken("EAAP"),
      issuedAt: state.now(),
      expiresAt: Number.POSITIVE_INFINITY,
      revokedSubcode: undefined,
    };
    state.tokens.set(fresh.value, fresh);
    page.token = fresh.value;
  }
}

// POST api.instagram.com/oauth/access_token (form: client_id, client_secret, grant_type, redirect_uri, code)
export function exchangeInstagramCode(state: SimState, req: SimRequest): SimResponse {
  checkClient(state, req);
  if (req.params.get("grant_type") !== "authorization_code") {
    throw graphError({
      code: 100,
      type: "OAuthException",
      message: "Invalid grant_type: use authorization_code",
    });
  }
  const code = redeem(state, req, "instagram");
  const token = issue(state, code, "instagram_user", "IGAA");
  return json({
    data: [{ access_token: token.value, user_id: code.subjectId, permissions: code.scopes.join(",") }],
  });
}

// GET graph.instagram.com/access_token?grant_type=ig_exchange_token&client_secret&access_token – 60-day token
export function exchangeInstagramToken(state: SimState, req: SimRequest): SimResponse {
  if (req.params.get("grant_type") !== "ig_exchange_token") {
    throw graphError({ code: 100, message: "(#100) grant_type must be ig_exchange_token" });
  }
  if (req.params.get("client_secret") !== state.options.appSecret) {
    throw graphError({ code: 1, message: "Error validating client secret." });
  }
  const value = readToken(req);
  if (!value) throw missingToken();
  const token = state.tokens.get(value);
  if (token?.kind !== "instagram_user") throw unparsableToken();
  const problem = tokenProblem(state, token);
  if (problem) throw problem;
  const fresh = issueLongLivedToken(state, token, "IGAA");
  return json({
    access_token: fresh.value,
    token_type: "bearer",
    expires_in: Math.round((fresh.expiresAt - state.now()) / 1000),
  });
}

// GET graph.facebook.com/me/permissions – each requested permission, granted or declined
export function listPermissions(state: SimState, req: SimRequest): SimResponse {
  const token = authenticate(state, req);
  const data = [
    ...token.scopes.map((permission) => ({ permission, status: "granted" })),
    ...(token.declined ?? []).map((permission) => ({ permission, status: "declined" })),
  ];
  return json({ data });
}
