import { notFound } from "next/navigation";
import type { NextRequest } from "next/server";
import { webDeps } from "@/app/_lib/deps";
import { withRequestOrigin } from "@/app/_lib/request-origin";
import { requireUser } from "@/app/_lib/session";
import { requireTwoFactorWhereRequired } from "@/app/_lib/workspace";
import { AUDIT_CSV_COLUMNS, auditCsvCells } from "@/lib/audit/audit-csv";
import { assertCanReadAudit, auditWhere, listAuditEntries } from "@/lib/audit/list-audit-entries";
import { recordExport } from "@/lib/audit/record-export";
import { isAppError } from "@/lib/errors";
import { exportRow } from "@/lib/import/csv-format";
import { isClientMember } from "@/lib/workspaces/context";
import { resolveWorkspaceContext } from "@/lib/workspaces/resolve-workspace-context";
import { filtersOf } from "../audit-view";

const PAGE = 500;

// GET /w/[slug]/settings/audit/export.csv?actor=&group=&brandId=&from=&to= – the filtered audit trail, every page
export async function GET(request: NextRequest, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const user = await requireUser(request.nextUrl.pathname);
  const filters = filtersOf(Object.fromEntries(request.nextUrl.searchParams));
  const deps = webDeps();
  let ctx: Awaited<ReturnType<typeof resolveWorkspaceContext>>;
  try {
    ctx = await withRequestOrigin(await resolveWorkspaceContext(deps.db, user.id, slug));
    await requireTwoFactorWhereRequired(ctx, user.id);
    if (isClientMember(ctx)) notFound();
    assertCanReadAudit(ctx);
    // Filters checked (and the brand looked up) before the download starts: a bad one is a 400.
    await auditWhere(deps.db, ctx, filters);
  } catch (error) {
    if (isAppError(error, "NOT_FOUND") || isAppError(error, "FORBIDDEN")) notFound();
    if (isAppError(error, "INVALID_INPUT")) {
      return new Response(`Bad request: ${error.message}`, {
        status: 400,
        headers: { "content-type": "text/plain; charset=utf-8" },
      });
    }
    throw error;
  }
  await recordExport(deps.db, ctx, { action: "export.audit", data: { filters } });
  // Page by page through the same cursor as the screen: a long trail is never held whole.
  let cursor: string | null | undefined;
  let started = false;
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(exportRow(AUDIT_CSV_COLUMNS)));
        return;
      }
      if (cursor === null) {
        controller.close();
        return;
      }
      const page = await listAuditEntries(deps.db, ctx, filters, { cursor, limit: PAGE });
      controller.enqueue(encoder.encode(page.entries.map((e) => exportRow(auditCsvCells(e))).join("")));
      cursor = page.nextCursor;
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": 'attachment; filename="storyrelay-audit.csv"',
      "cache-control": "private, no-store",
    },
  });
}
