import type { Redis } from "ioredis";
import { META_LOGINS, missingScopes } from "@/lib/core/platforms/meta-logins";
import { can } from "@/lib/core/roles";
import type { SecretBox } from "@/lib/crypto/secret-box";
import type { Db } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { canSeeBrand } from "@/lib/workspaces/context";
import { resolveWorkspaceContext } from "@/lib/workspaces/resolve-workspace-context";
import type { MetaLoginConfig } from "./login-endpoints";
import { LOGIN_FLOWS, loginEndpoints } from "./login-flows";
import { LoginCallError } from "./meta-http";
import { verifyState } from "./oauth-state";
import { savePendingLogin } from "./pending-login";
import type { LoginRefusalReason } from "./refusals";
import { loginKind } from "./start-meta-login";

export type CompleteLoginDeps = {
  db: Db;
  redis: Redis;
  box: SecretBox;
  config: MetaLoginConfig;
  authSecret: string;
  fetch?: typeof fetch;
  now?: () => number;
};

/** Where the browser goes from the callback: the picker, or a page that says what went wrong. */
export type LoginOutcome =
  | { ok: true; slug: string; brandId: string; kind: string; pendingId: string }
  | {
      ok: false;
      reason: LoginRefusalReason;
      /** Meta's own words, or the permissions that are missing. */
      detail?: string;
      missing?: string[];
      /** Known once the state was genuine: where to start again. */
      retry?: { slug: string; brandId: string; kind: string };
    };

/** What Meta appended to the callback URL. */
export type CallbackQuery = { code?: string; state?: string; error?: string; errorDescription?: string };

/**
 * The callback of a one-click login. The state is checked (signature, expiry, the same person,
 * used once), then the workspace and brand again with the person's current role; a cancelled
 * dialog, a refused code or a declined permission ends here with nothing saved. What was found
 * is kept sealed for the picker, where the person chooses what becomes a channel of which brand.
 */
export async function completeMetaLogin(
  deps: CompleteLoginDeps,
  userId: string,
  kindName: string,
  query: CallbackQuery,
): Promise<LoginOutcome> {
  const now = (deps.now ?? Date.now)();
  const kind = loginKind(kindName);
  const verified = verifyState(deps.authSecret, query.state ?? "", now);
  if (!verified.ok) return { ok: false, reason: verified.problem };
  const state = verified.payload;
  if (state.k !== kind) return { ok: false, reason: "tampered" };
  if (state.u !== userId) return { ok: false, reason: "other_user" };

  // Single use, across every web process: the first callback with this state wins.
  const first = await deps.redis.set(`oauth:state:${state.n}`, "1", "PX", Math.max(1, state.e - now), "NX");
  if (first !== "OK") return { ok: false, reason: "replayed" };

  const retry = { slug: state.s, brandId: state.b, kind };
  // Meta's dialog sends access_denied when the person cancels; anything else is not their doing.
  if (query.error === "access_denied")
    return { ok: false, reason: "denied", detail: query.errorDescription, retry };
  if (query.error)
    return { ok: false, reason: "no_code", detail: `${query.error}: ${query.errorDescription ?? ""}`, retry };

  const ctx = await resolveWorkspaceContext(deps.db, userId, state.s).catch((error) => {
    if (isAppError(error, "NOT_FOUND")) return null;
    throw error;
  });
  if (!ctx || ctx.workspaceId !== state.w) return { ok: false, reason: "not_found" };
  if (!can(ctx.role, "channels:manage")) return { ok: false, reason: "forbidden" };
  const brand = canSeeBrand(ctx, state.b)
    ? await deps.db.brand.findFirst({
        where: { id: state.b, workspaceId: ctx.workspaceId },
        select: { id: true },
      })
    : null;
  if (!brand) return { ok: false, reason: "not_found" };
  if (!query.code) return { ok: false, reason: "no_code", retry };

  const login = META_LOGINS[kind];
  const endpoints = loginEndpoints(deps.config, kind, login.callbackPath);
  let grant: Awaited<ReturnType<(typeof LOGIN_FLOWS)[typeof kind]["redeem"]>>;
  try {
    grant = await LOGIN_FLOWS[kind].redeem(endpoints, query.code, deps.fetch ?? fetch, now);
  } catch (error) {
    if (error instanceof LoginCallError)
      return { ok: false, reason: "code_rejected", detail: error.message, retry };
    throw error;
  }

  // Every platform this login connects needs its publishing permissions: one declined is named
  // here, before anything is saved, rather than found out when the first story fails.
  const platforms = Object.keys(login.scopes) as (keyof typeof login.scopes)[];
  const missing = [
    ...new Set(
      platforms
        .filter(
          (platform) => grant.accounts.length === 0 || grant.accounts.some((a) => a.platform === platform),
        )
        .flatMap((platform) => missingScopes(kind, platform, "publish", grant.granted)),
    ),
  ];
  if (missing.length > 0) return { ok: false, reason: "missing_permissions", missing, retry };
  const accounts = grant.accounts.filter((account) => login.connectFields[account.platform]);
  if (accounts.length === 0) return { ok: false, reason: "no_accounts", retry };

  await savePendingLogin(
    deps,
    state.n,
    {
      userId,
      workspaceId: ctx.workspaceId,
      slug: ctx.workspaceSlug,
      brandId: brand.id,
      kind,
      channelId: state.c,
      sandbox: endpoints.sandbox,
      granted: grant.granted,
      checkedAt: now,
      accounts,
    },
    state.e - now,
  );
  return { ok: true, slug: ctx.workspaceSlug, brandId: brand.id, kind, pendingId: state.n };
}
