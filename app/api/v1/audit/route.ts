import { type AuditEntryView, listAuditEntries } from "@/lib/audit/list-audit-entries";
import { routes } from "../_lib/routes";
import { withApiKey } from "../_lib/with-api-key";

export const dynamic = "force-dynamic";

// GET /api/v1/audit – the workspace's audit trail, newest first, a page at a time (owner and admin keys)
export const GET = withApiKey(routes.listAuditEntries, async ({ ctx, deps, query }) => {
  const { limit, cursor, ...filters } = query;
  const page = await listAuditEntries(deps.db, ctx, filters, { cursor, limit });
  return { data: page.entries.map(flatActor), nextCursor: page.nextCursor };
});

/** The actor as one object with the same fields whatever its kind, easier for a client to read. */
function flatActor(entry: AuditEntryView) {
  const { actor } = entry;
  return {
    ...entry,
    actor: {
      kind: actor.kind,
      id: "id" in actor ? actor.id : null,
      name: "name" in actor ? actor.name : null,
      clientName: actor.kind === "reviewLink" ? actor.clientName : null,
    },
  };
}
