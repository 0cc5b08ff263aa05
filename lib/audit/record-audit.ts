import type { Prisma } from "@/lib/db/generated/client";

type Tx = Prisma.TransactionClient;

/**
 * Who acted: the part of the workspace context the trail keeps. Spelled out here rather than
 * picked from lib/workspaces, which records audit entries itself (docs/architecture.md, layers).
 */
export type AuditActor = { workspaceId: string; userId: string | null; apiKeyId: string | null };

/** Appends an audit entry inside the caller's transaction, so the entry exists exactly when the change does. */
export async function recordAudit(
  tx: Tx,
  ctx: AuditActor,
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
