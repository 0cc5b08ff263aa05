import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { WorkspaceContext } from "@/lib/workspaces/context";
import { hashApiKey } from "./create-api-key";

/** lastUsedAt is written at most this often per key: one write per request would be a hot row. */
const LAST_USED_GRANULARITY_MS = 60_000;

/**
 * The workspace context an `Authorization: Bearer <key>` header acts with: the key's workspace,
 * its role, all brands, and the key as the actor (audit entries name it). A missing, unknown or
 * revoked key is UNAUTHENTICATED, with the same answer for each so keys cannot be probed.
 */
export async function authenticateApiKey(
  deps: { db: Db; now?: () => Date },
  authorization: string | null,
): Promise<WorkspaceContext> {
  const match = authorization?.match(/^Bearer\s+(\S+)$/i);
  if (!match?.[1]) {
    throw new AppError("UNAUTHENTICATED", "Send your API key as `Authorization: Bearer <key>`.");
  }
  const apiKey = await deps.db.apiKey.findUnique({
    where: { keyHash: hashApiKey(match[1]) },
    select: {
      id: true,
      role: true,
      revokedAt: true,
      workspace: { select: { id: true, slug: true, name: true } },
    },
  });
  if (!apiKey || apiKey.revokedAt) {
    throw new AppError("UNAUTHENTICATED", "This API key is not valid: it is unknown or was revoked.");
  }
  const now = deps.now?.() ?? new Date();
  await deps.db.apiKey.updateMany({
    where: {
      id: apiKey.id,
      OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now.getTime() - LAST_USED_GRANULARITY_MS) } }],
    },
    data: { lastUsedAt: now },
  });
  return {
    workspaceId: apiKey.workspace.id,
    workspaceSlug: apiKey.workspace.slug,
    workspaceName: apiKey.workspace.name,
    userId: null,
    apiKeyId: apiKey.id,
    role: apiKey.role,
    brandIds: null,
  };
}
