import { createHmac, timingSafeEqual } from "node:crypto";
import type { TokenRecord } from "../core/entities";
import type { SimState } from "../core/sim-state";
import type { SimRequest } from "../http/read-request";
import {
  expiredToken,
  graphError,
  invalidatedToken,
  missingToken,
  permissionMissing,
  unknownObject,
  unparsableToken,
} from "./graph-error";

/** The token of a request: `access_token` (query, form or JSON), or `Authorization: Bearer|OAuth <token>`. */
export function readToken(req: SimRequest): string | undefined {
  const param = req.params.get("access_token");
  if (param) return param;
  const header = req.headers.authorization;
  if (!header) return undefined;
  const match = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(header.trim());
  return match?.[1];
}

/** Why a token is not usable right now, or undefined when it is. */
export function tokenProblem(state: SimState, token: TokenRecord) {
  if (token.revokedSubcode !== undefined) return invalidatedToken(token.revokedSubcode);
  if (state.now() >= token.expiresAt) return expiredToken(token.expiresAt, state.now());
  return undefined;
}

function checkAppSecretProof(state: SimState, req: SimRequest, token: string): void {
  const proof = req.params.get("appsecret_proof");
  if (!proof) {
    if (state.options.requireAppSecretProof) {
      throw graphError({
        code: 100,
        type: "GraphMethodException",
        message: "API calls from the server require an appsecret_proof argument",
      });
    }
    return;
  }
  const expected = createHmac("sha256", state.options.appSecret).update(token).digest();
  const given = Buffer.from(proof, "hex");
  if (given.byteLength !== expected.byteLength || !timingSafeEqual(given, expected)) {
    throw graphError({
      code: 100,
      type: "GraphMethodException",
      message: "Invalid appsecret_proof provided in the API argument",
    });
  }
}

/** Resolves and validates the caller's token, throwing the error Meta would answer with. */
export function authenticate(state: SimState, req: SimRequest): TokenRecord {
  const value = readToken(req);
  if (!value) throw missingToken();
  const token = state.tokens.get(value);
  if (!token) throw unparsableToken();
  const problem = tokenProblem(state, token);
  if (problem) throw problem;
  checkAppSecretProof(state, req, value);
  return token;
}

/**
 * Whether the token may act on this Instagram account: its own Instagram-Login token, or (Facebook
 * Login) the token of the page it is linked to, or of that page's user.
 */
export function canActForInstagram(state: SimState, token: TokenRecord, accountId: string): boolean {
  if (token.kind === "instagram_user") return token.subjectId === accountId;
  for (const page of state.pages.values()) {
    if (page.instagramAccountId !== accountId) continue;
    if (token.kind === "page" && token.subjectId === page.id) return true;
    if (token.kind === "facebook_user" && token.subjectId === page.userId) return true;
  }
  return false;
}

export function canActForPage(state: SimState, token: TokenRecord, pageId: string): boolean {
  if (token.kind === "page") return token.subjectId === pageId;
  if (token.kind === "facebook_user") return state.pages.get(pageId)?.userId === token.subjectId;
  return false;
}

/** Meta hides objects the caller may not see behind the same "does not exist" error. */
export function requireInstagramAccess(
  state: SimState,
  token: TokenRecord,
  accountId: string,
  method: string,
  objectId = accountId,
): void {
  if (!canActForInstagram(state, token, accountId)) throw unknownObject(objectId, method);
}

export function requirePageAccess(
  state: SimState,
  token: TokenRecord,
  pageId: string,
  method: string,
  objectId = pageId,
): void {
  if (!canActForPage(state, token, pageId)) throw unknownObject(objectId, method);
}

/** Instagram permissions come in two spellings (Instagram Login vs Facebook Login). */
export function requireInstagramScope(
  token: TokenRecord,
  what: "content_publish" | "manage_insights" | "basic",
) {
  const accepted = [`instagram_business_${what}`, `instagram_${what}`];
  if (!token.scopes.some((scope) => accepted.includes(scope))) {
    throw graphError({ code: 10, message: "(#10) Application does not have permission for this action" });
  }
}

export function requirePageScope(token: TokenRecord, scope: string): void {
  if (!token.scopes.includes(scope)) throw permissionMissing(scope);
}
