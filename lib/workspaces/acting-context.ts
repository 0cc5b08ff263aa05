import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { WorkspaceContext } from "./context";
import { resolveWorkspaceContext } from "./resolve-workspace-context";

/**
 * The context of whoever started background work (an import, a data export), as it is NOW: the
 * member's current role and brands in the workspace (a member removed since is refused), or the
 * API key's if it is still valid. Background work runs with these rights, not those it was
 * started with.
 */
export async function actingContext(
  db: Db,
  row: {
    createdById: string | null;
    apiKeyId: string | null;
    workspace: { id: string; slug: string; name: string };
  },
  doing: string,
): Promise<WorkspaceContext> {
  if (row.createdById) return resolveWorkspaceContext(db, row.createdById, row.workspace.slug);
  const key = row.apiKeyId
    ? await db.apiKey.findFirst({
        where: { id: row.apiKeyId, workspaceId: row.workspace.id, revokedAt: null },
        select: { id: true, role: true },
      })
    : null;
  if (!key) throw new AppError("FORBIDDEN", `The API key that started this ${doing} was revoked.`);
  return {
    workspaceId: row.workspace.id,
    workspaceSlug: row.workspace.slug,
    workspaceName: row.workspace.name,
    userId: null,
    apiKeyId: key.id,
    role: key.role,
    brandIds: null,
  };
}
