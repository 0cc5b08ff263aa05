import type { Prisma } from "@/lib/db/generated/client";
import type { WorkspaceContext } from "@/lib/workspaces/context";

type Tx = Prisma.TransactionClient;

/** Appends an audit entry inside the caller's transaction, so the entry exists exactly when the change does. */
export async function recordAudit(
  tx: Tx,
  ctx: Pick<WorkspaceContext, "workspaceId" | "userId" | "apiKeyId">,
  entry: { action: string; entityType: string; entityId: string; data?: Prisma.InputJsonValue },
): Promise<void> {
  await tx.auditLog.create({
    data: {
      workspaceId: ctx.workspaceId,
      actorUserId: ctx.userId,
      actorApiKeyId: ctx.apiKeyId,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      data: entry.data ?? {},
    },
  });
}
