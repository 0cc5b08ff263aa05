import { notFound, redirect } from "next/navigation";
import type { NextRequest } from "next/server";
import { webDeps } from "@/app/_lib/deps";
import { metaLoginDeps } from "@/app/_lib/meta-login";
import { requireUser } from "@/app/_lib/session";
import { requireTwoFactorWhereRequired } from "@/app/_lib/workspace";
import { isAppError } from "@/lib/errors";
import { startMetaLogin } from "@/lib/oauth/start-meta-login";
import { resolveWorkspaceContext } from "@/lib/workspaces/resolve-workspace-context";

// GET /w/[slug]/brands/[brandId]/channels/connect/[kind][?channel=<id>&rerequest=1] – off to Meta's dialog
export async function GET(
  request: NextRequest,
  { params }: { params: Promise<{ slug: string; brandId: string; kind: string }> },
) {
  const { slug, brandId, kind } = await params;
  const user = await requireUser(request.nextUrl.pathname + request.nextUrl.search);
  const deps = webDeps();
  let url: string;
  try {
    const ctx = await resolveWorkspaceContext(deps.db, user.id, slug);
    await requireTwoFactorWhereRequired(ctx, user.id);
    ({ url } = await startMetaLogin(metaLoginDeps(deps), ctx, {
      kind,
      brandId,
      channelId: request.nextUrl.searchParams.get("channel") ?? undefined,
      rerequest: request.nextUrl.searchParams.get("rerequest") === "1",
    }));
  } catch (error) {
    if (isAppError(error, "NOT_FOUND")) notFound();
    if (isAppError(error, "FORBIDDEN")) redirect("/oauth/refused?reason=forbidden");
    throw error;
  }
  redirect(url);
}
