import { META_LOGINS, type MetaLoginKind, scopesToRequest } from "@/lib/core/platforms/meta-logins";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { assertCan, canSeeBrand, type WorkspaceContext } from "@/lib/workspaces/context";
import type { LoginEndpoints, MetaLoginConfig } from "./login-endpoints";
import { LOGIN_FLOWS, loginEndpoints } from "./login-flows";
import { signState } from "./oauth-state";

export type StartLoginDeps = { db: Db; config: MetaLoginConfig; authSecret: string; now?: () => number };

/**
 * Where "Continue with Facebook/Instagram" sends the browser: Meta's dialog (or the simulator's,
 * without an app configured) with a signed `state` that binds the person, workspace, brand and
 * login, and the channel when it is a reconnect. Nothing is stored: the state carries it all.
 */
export async function startMetaLogin(
  deps: StartLoginDeps,
  ctx: WorkspaceContext,
  input: { kind: string; brandId: string; channelId?: string; rerequest?: boolean },
): Promise<{ url: string; endpoints: LoginEndpoints }> {
  assertCan(ctx, "channels:manage", "connect channels");
  const kind = loginKind(input.kind);
  if (!ctx.userId) throw new AppError("FORBIDDEN", "Only a signed-in person can connect an account.");
  const brand = canSeeBrand(ctx, input.brandId)
    ? await deps.db.brand.findFirst({
        where: { id: input.brandId, workspaceId: ctx.workspaceId },
        select: { id: true },
      })
    : null;
  if (!brand) throw new AppError("NOT_FOUND", "This brand does not exist or you cannot see it.");
  if (input.channelId) {
    const channel = await deps.db.channel.findFirst({
      where: { id: input.channelId, workspaceId: ctx.workspaceId, brandId: brand.id },
      select: { id: true },
    });
    if (!channel) throw new AppError("NOT_FOUND", "This channel does not exist or you cannot see it.");
  }
  const { state } = signState(
    deps.authSecret,
    { u: ctx.userId, w: ctx.workspaceId, s: ctx.workspaceSlug, b: brand.id, k: kind, c: input.channelId },
    (deps.now ?? Date.now)(),
  );
  const endpoints = loginEndpoints(deps.config, kind, META_LOGINS[kind].callbackPath);
  const url = LOGIN_FLOWS[kind].dialogUrl(endpoints, {
    state,
    scopes: scopesToRequest(kind, ["publish"]),
    rerequest: input.rerequest ?? false,
  });
  return { url, endpoints };
}

export function loginKind(value: string): MetaLoginKind {
  if (!Object.hasOwn(META_LOGINS, value)) {
    throw new AppError("NOT_FOUND", `There is no "${value.slice(0, 40)}" login. Use Facebook or Instagram.`);
  }
  return value as MetaLoginKind;
}
