import "server-only";
import type { WebDeps } from "@/app/_lib/deps";
import { META_LOGINS, type MetaLoginKind } from "@/lib/core/platforms/meta-logins";
import { loginEndpoints } from "@/lib/oauth/login-flows";
import { publisherFor } from "@/lib/publishers/registry";
import { createEndpointResolver } from "@/lib/publishing/endpoints";
import { resumeHeldTargets } from "@/lib/publishing/resume-held-targets";
import { redis } from "@/lib/redis/client";

/** What the one-click login use cases are built from, for routes, pages and actions. */
export function metaLoginDeps(deps: WebDeps) {
  return {
    db: deps.db,
    box: deps.box,
    redis: redis(),
    config: deps.env,
    authSecret: deps.env.AUTH_SECRET,
    resumeHeldTargets: (channel: { id: string; workspaceId: string }) => resumeHeldTargets(deps, channel),
    endpointsFor: createEndpointResolver(deps.env),
    publisherFor,
  };
}

/** Whether each login runs against the simulators (no app of its own configured): labelled "Sandbox". */
export function metaLoginButtons(deps: WebDeps): { kind: MetaLoginKind; label: string; sandbox: boolean }[] {
  return (Object.keys(META_LOGINS) as MetaLoginKind[]).map((kind) => ({
    kind,
    label: META_LOGINS[kind].buttonLabel,
    sandbox: loginEndpoints(deps.env, kind, META_LOGINS[kind].callbackPath).sandbox,
  }));
}
