import "server-only";
import { headers } from "next/headers";
import { type RequestOrigin, requestOriginOf } from "@/lib/audit/request-origin";
import { env } from "@/lib/env";
import type { WorkspaceContext } from "@/lib/workspaces/context";

/** The current request's origin (IP through a trusted proxy, user agent), for the audit trail. */
export async function currentRequestOrigin(): Promise<RequestOrigin> {
  return requestOriginOf(await headers(), env().TRUST_PROXY);
}

/** The context with the current request's origin on it, so the use cases' audit entries carry it. */
export async function withRequestOrigin(ctx: WorkspaceContext): Promise<WorkspaceContext> {
  return { ...ctx, origin: await currentRequestOrigin() };
}
