import { notFound, redirect } from "next/navigation";
import type { NextRequest } from "next/server";
import { webDeps } from "@/app/_lib/deps";
import { metaLoginDeps } from "@/app/_lib/meta-login";
import { requireUser } from "@/app/_lib/session";
import { isAppError } from "@/lib/errors";
import { completeMetaLogin } from "@/lib/oauth/complete-meta-login";

// GET /api/oauth/[kind]/callback?code&state | ?error=access_denied&state – back from Meta's dialog
export async function GET(request: NextRequest, { params }: { params: Promise<{ kind: string }> }) {
  const { kind } = await params;
  const query = request.nextUrl.searchParams;
  // Signed out meanwhile: sign in and come back here (the state still binds the person).
  const user = await requireUser(request.nextUrl.pathname + request.nextUrl.search);
  const deps = webDeps();
  let to: string;
  try {
    const outcome = await completeMetaLogin(metaLoginDeps(deps), user.id, kind, {
      code: query.get("code") ?? undefined,
      state: query.get("state") ?? undefined,
      error: query.get("error") ?? undefined,
      errorDescription: query.get("error_description") ?? undefined,
    });
    if (outcome.ok) {
      to = `/w/${outcome.slug}/brands/${outcome.brandId}/channels/connect/${outcome.kind}/pick?pending=${encodeURIComponent(outcome.pendingId)}`;
    } else {
      // Meta's own words (outcome.detail) go to the log, not the URL: a page must not show
      // text anyone could put in a link.
      if (outcome.detail)
        deps.logger.info({ kind, reason: outcome.reason, detail: outcome.detail }, "login refused");
      const refused = new URLSearchParams({ reason: outcome.reason });
      if (outcome.missing) refused.set("missing", outcome.missing.join(","));
      if (outcome.retry) {
        refused.set("slug", outcome.retry.slug);
        refused.set("brand", outcome.retry.brandId);
        refused.set("kind", outcome.retry.kind);
      }
      to = `/oauth/refused?${refused}`;
    }
  } catch (error) {
    if (isAppError(error, "NOT_FOUND")) notFound();
    throw error;
  }
  redirect(to);
}
