import { recordAudit } from "@/lib/audit/record-audit";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";

/** Revokes a key at once: its next request is refused (401). Revoking twice changes nothing. */
export async function revokeApiKey(
  deps: { db: Db; now?: () => Date },
  ctx: WorkspaceContext,
  apiKeyId: string,
) {
  assertCan(ctx, "apikeys:manage", "revoke API keys");
  const now = deps.now?.() ?? new Date();
  return deps.db.$transaction(async (tx) => {
    const key = await tx.apiKey.findFirst({
      where: { id: apiKeyId, workspaceId: ctx.workspaceId },
      select: { id: true, name: true, revokedAt: true },
    });
    if (!key) throw new AppError("NOT_FOUND", "This API key does not exist.");
    if (key.revokedAt) return key;
    const revoked = await tx.apiKey.update({
      where: { id_workspaceId: { id: key.id, workspaceId: ctx.workspaceId } },
      data: { revokedAt: now },
      select: { id: true, name: true, revokedAt: true },
    });
    await recordAudit(tx, ctx, {
      action: "apikey.revoke",
      entityType: "ApiKey",
      entityId: key.id,
      data: { name: key.name },
    });
    return revoked;
  });
}
