import { notFound } from "next/navigation";
import type { NextRequest } from "next/server";
import { webDeps } from "@/app/_lib/deps";
import { inboxDeps } from "@/app/_lib/inbox-deps";
import { withRequestOrigin } from "@/app/_lib/request-origin";
import { requireUser } from "@/app/_lib/session";
import { requireTwoFactorWhereRequired } from "@/app/_lib/workspace";
import { isAppError } from "@/lib/errors";
import { exportConversation } from "@/lib/inbox/export-conversation";
import { resolveWorkspaceContext } from "@/lib/workspaces/resolve-workspace-context";

// GET /w/[slug]/inbox/[conversationId]/export – one person's conversation as a JSON download (admins)
export async function GET(
  request: NextRequest,
  { params }: { params: Promise<{ slug: string; conversationId: string }> },
) {
  const { slug, conversationId } = await params;
  const user = await requireUser(request.nextUrl.pathname);
  const deps = webDeps();
  try {
    const ctx = await withRequestOrigin(await resolveWorkspaceContext(deps.db, user.id, slug));
    await requireTwoFactorWhereRequired(ctx, user.id);
    const exported = await exportConversation(inboxDeps(deps), ctx, conversationId);
    return new Response(JSON.stringify(exported, null, 2), {
      headers: {
        "content-type": "application/json; charset=utf-8",
        // Built from the id only: names may hold characters a header cannot carry.
        "content-disposition": `attachment; filename="conversation-${conversationId.replace(/[^A-Za-z0-9_-]/g, "")}.json"`,
        "cache-control": "private, no-store",
      },
    });
  } catch (error) {
    if (isAppError(error, "NOT_FOUND")) notFound();
    if (isAppError(error, "FORBIDDEN")) return new Response(error.message, { status: 403 });
    throw error;
  }
}
