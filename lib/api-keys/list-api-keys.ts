import type { Db } from "@/lib/db/client";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";

/** The workspace's keys, newest first, without their hashes. */
export async function listApiKeys(db: Db, ctx: WorkspaceContext) {
  assertCan(ctx, "apikeys:manage", "see API keys");
  // Served by ApiKey(workspaceId, createdAt).
  return db.apiKey.findMany({
    where: { workspaceId: ctx.workspaceId },
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      name: true,
      role: true,
      prefix: true,
      lastUsedAt: true,
      revokedAt: true,
      createdAt: true,
    },
  });
}
