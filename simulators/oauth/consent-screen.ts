import { randomToken } from "../core/ids";
import type { SimState } from "../core/sim-state";
import type { SimRequest } from "../http/read-request";
import type { RouteMatch } from "../http/route-match";
import { SimHttpError, type SimResponse } from "../http/sim-response";
import { ensureSandboxUser, SANDBOX_INSTAGRAM, SANDBOX_USER_ID } from "./sandbox-user";

/** Meta's codes live about ten minutes; they are single-use either way. */
const CODE_LIFETIME_MS = 10 * 60_000;

export type ConsentLogin = "facebook" | "instagram";

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The dialog's own parameters, checked the way Meta checks them before showing anything. */
function dialogParams(state: SimState, req: SimRequest) {
  const clientId = req.params.get("client_id") ?? "";
  const redirectUri = req.params.get("redirect_uri") ?? "";
  const scopes = (req.params.get("scope") ?? "").split(/[,\s]+/).filter(Boolean);
  if (clientId !== state.options.appId) {
    throw new SimHttpError(400, "Invalid App ID: the client_id is not a known app.");
  }
  if (!/^https?:\/\//.test(redirectUri)) {
    throw new SimHttpError(400, "URL blocked: redirect_uri is missing or not an absolute URL.");
  }
  return { clientId, redirectUri, scopes, state: req.params.get("state") ?? "" };
}

function redirect(to: string): SimResponse {
  return { status: 302, headers: { location: to }, body: "" };
}

function withQuery(base: string, params: Record<string, string>): string {
  const url = new URL(base);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url.toString();
}

function page(title: string, body: string): SimResponse {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;background:#f0f2f5;margin:0;padding:24px 12px;color:#1c1e21}
main{max-width:440px;margin:0 auto;background:#fff;border-radius:12px;box-shadow:0 2px 12px #0002;padding:24px}
h1{font-size:20px;margin:0 0 4px}p{color:#65676b;font-size:14px}fieldset{border:1px solid #dddfe2;border-radius:8px;margin:12px 0;padding:8px 12px}
legend{font-weight:600;font-size:14px}small{display:block;color:#65676b;font-size:13px}label{display:flex;gap:8px;align-items:center;padding:6px 0;font-size:15px;overflow-wrap:anywhere}
.actions{display:flex;gap:8px;margin-top:16px}button{flex:1;padding:10px;border-radius:6px;border:0;font-size:15px;font-weight:600;cursor:pointer}
.go{background:#1877f2;color:#fff}.cancel{background:#e4e6eb;color:#1c1e21}.sandbox{font-size:12px;color:#8a6d00;background:#fff8d6;border-radius:6px;padding:4px 8px;display:inline-block}</style>
</head><body><main><span class="sandbox">StoryRelay simulator · sandbox sign-in</span>${body}</main></body></html>`;
  return { status: 200, body: html, contentType: "text/html; charset=utf-8" };
}

function hidden(params: Record<string, string>): string {
  return Object.entries(params)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join("");
}

function scopeBoxes(scopes: string[]): string {
  return scopes
    .map(
      (scope) =>
        `<label><input type="checkbox" name="granted" value="${escapeHtml(scope)}" checked> ${escapeHtml(scope)}</label>`,
    )
    .join("");
}

// GET /{v}/dialog/oauth (www.facebook.com) and /oauth/authorize (www.instagram.com) – the consent screen
function renderConsent(state: SimState, login: ConsentLogin, req: SimRequest): SimResponse {
  const params = dialogParams(state, req);
  ensureSandboxUser(state);
  const keep = hidden({
    client_id: params.clientId,
    redirect_uri: params.redirectUri,
    scope: params.scopes.join(","),
    state: params.state,
  });
  if (login === "facebook") {
    const user = state.users.get(SANDBOX_USER_ID);
    const pages = (user?.pageIds ?? []).flatMap((id) => state.pages.get(id) ?? []);
    const pageBoxes = pages
      .map((p) => {
        const ig = p.instagramAccountId ? state.instagramAccounts.get(p.instagramAccountId) : undefined;
        const linked = ig ? `<small>and its Instagram account @${escapeHtml(ig.username)}</small>` : "";
        return `<label><input type="checkbox" name="page" value="${escapeHtml(p.id)}" checked><span>${escapeHtml(p.name)}${linked}</span></label>`;
      })
      .join("");
    return page(
      "Log in with Facebook",
      `<h1>StoryRelay is requesting access</h1><p>Signed in as ${escapeHtml(user?.name ?? "")}. Choose the Pages StoryRelay may use.</p>
<form method="post">${keep}<fieldset><legend>Pages</legend>${pageBoxes}</fieldset>
<fieldset><legend>Permissions</legend>${scopeBoxes(params.scopes)}</fieldset>
<div class="actions"><button class="cancel" name="decision" value="cancel">Cancel</button><button class="go" name="decision" value="allow">Continue</button></div></form>`,
    );
  }
  const account = state.instagramAccounts.get(SANDBOX_INSTAGRAM.id);
  return page(
    "Log in with Instagram",
    `<h1>Allow StoryRelay to access your Instagram account?</h1><p>Signed in as @${escapeHtml(account?.username ?? "")}.</p>
<form method="post">${keep}<fieldset><legend>Permissions</legend>${scopeBoxes(params.scopes)}</fieldset>
<div class="actions"><button class="cancel" name="decision" value="cancel">Cancel</button><button class="go" name="decision" value="allow">Allow</button></div></form>`,
  );
}

// POST the consent screen – back to the app with a code, or with error=access_denied
function decide(state: SimState, login: ConsentLogin, req: SimRequest): SimResponse {
  const params = dialogParams(state, req);
  ensureSandboxUser(state);
  if (req.params.get("decision") !== "allow") {
    return redirect(
      withQuery(params.redirectUri, {
        error: "access_denied",
        error_reason: "user_denied",
        error_description: "Permissions error",
        state: params.state,
      }),
    );
  }
  // Checkboxes repeat their name; the merged params keep only the last value.
  const form = new URLSearchParams(req.body.toString("utf8"));
  const ticked = new Set(form.getAll("granted"));
  const granted = params.scopes.filter((scope) => ticked.has(scope));
  const declined = params.scopes.filter((scope) => !ticked.has(scope));
  const code = randomToken("AQ", 24);
  state.oauthCodes.set(code, {
    code,
    login,
    redirectUri: params.redirectUri,
    subjectId: login === "facebook" ? SANDBOX_USER_ID : SANDBOX_INSTAGRAM.id,
    scopes: granted,
    declined,
    pageIds: login === "facebook" ? form.getAll("page") : undefined,
    expiresAt: state.now() + CODE_LIFETIME_MS,
    used: false,
  });
  // Instagram appends "#_" to the redirect; clients must strip it (kept out here for simplicity).
  return redirect(withQuery(params.redirectUri, { code, state: params.state }));
}

/** Routes the consent screens: /www-facebook/{v}/dialog/oauth and /www-instagram/oauth/authorize. */
export function matchConsent(state: SimState, login: ConsentLogin, req: SimRequest): RouteMatch | undefined {
  const segments = req.path.split("/").filter(Boolean);
  const path =
    login === "facebook" ? segments.filter((s) => !/^v\d+\.\d+$/.test(s)).join("/") : segments.join("/");
  const wanted = login === "facebook" ? "dialog/oauth" : "oauth/authorize";
  if (path !== wanted) return undefined;
  if (req.method === "GET") return { style: "control", handle: () => renderConsent(state, login, req) };
  if (req.method === "POST") return { style: "control", handle: () => decide(state, login, req) };
  return undefined;
}
