import "server-only";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { lacksRequiredTwoFactor } from "@/lib/auth/workspace-two-factor";
import { db } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { isClientMember, type WorkspaceContext } from "@/lib/workspaces/context";
import { resolveWorkspaceContext } from "@/lib/workspaces/resolve-workspace-context";
import { withRequestOrigin } from "./request-origin";
import { requireUser } from "./session";

/**
 * The caller's context in workspace `slug`, for pages and server actions. Not a member (or no
 * such workspace) renders the 404 page: the two are never told apart. Cached per request so the
 * layout and the page share one lookup.
 */
export const requireWorkspace = cache(async (slug: string): Promise<WorkspaceContext> => {
  const user = await requireUser(`/w/${slug}`);
  let ctx: WorkspaceContext;
  try {
    ctx = await withRequestOrigin(await resolveWorkspaceContext(db(), user.id, slug));
  } catch (error) {
    if (isAppError(error, "NOT_FOUND")) notFound();
    throw error;
  }
  // Checked after membership, so a stranger still gets the 404 and learns nothing of the rule.
  await requireTwoFactorWhereRequired(ctx, user.id);
  return ctx;
});

/**
 * Sends a member of a workspace that requires two-factor sign-in, who has not turned it on, to
 * set it up (docs/decisions/031-account-security.md). For route handlers that resolve the
 * context themselves; pages get it through requireWorkspace.
 */
export async function requireTwoFactorWhereRequired(ctx: WorkspaceContext, userId: string): Promise<void> {
  if (await lacksRequiredTwoFactor(db(), ctx.workspaceId, userId)) {
    redirect(`/account/security?required=${encodeURIComponent(ctx.workspaceSlug)}`);
  }
}

/**
 * `requireWorkspace` for the agency's own pages (members, media library, settings): a client
 * member (an approver limited to brands, see isClientMember) gets the 404 page, checked before the
 * page reads anything, so nothing of those pages is rendered or fetched for them.
 */
export async function requireAgencyWorkspace(slug: string): Promise<WorkspaceContext> {
  const ctx = await requireWorkspace(slug);
  if (isClientMember(ctx)) notFound();
  return ctx;
}
