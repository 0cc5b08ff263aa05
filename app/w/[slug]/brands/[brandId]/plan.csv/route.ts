import { notFound } from "next/navigation";
import type { NextRequest } from "next/server";
import { webDeps } from "@/app/_lib/deps";
import { withRequestOrigin } from "@/app/_lib/request-origin";
import { requireUser } from "@/app/_lib/session";
import { requireTwoFactorWhereRequired } from "@/app/_lib/workspace";
import { recordExport } from "@/lib/audit/record-export";
import { isAppError } from "@/lib/errors";
import { exportPlanCsv } from "@/lib/import/export-plan-csv";
import { resolveWorkspaceContext } from "@/lib/workspaces/resolve-workspace-context";

// GET /w/[slug]/brands/[brandId]/plan.csv – the brand's plan as a CSV download (the import format)
export async function GET(
  request: NextRequest,
  { params }: { params: Promise<{ slug: string; brandId: string }> },
) {
  const { slug, brandId } = await params;
  const user = await requireUser(request.nextUrl.pathname);
  const deps = webDeps();
  let csv: string;
  try {
    const ctx = await withRequestOrigin(await resolveWorkspaceContext(deps.db, user.id, slug));
    await requireTwoFactorWhereRequired(ctx, user.id);
    csv = await exportPlanCsv(deps.db, ctx, brandId);
    await recordExport(deps.db, ctx, { action: "export.plan", brandId });
  } catch (error) {
    if (isAppError(error, "NOT_FOUND") || isAppError(error, "FORBIDDEN")) notFound();
    throw error;
  }
  return new Response(csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      // A fixed name: the brand's name may hold characters a header cannot carry.
      "content-disposition": 'attachment; filename="plan.csv"',
      "cache-control": "private, no-store",
    },
  });
}
