import { recordAudit } from "@/lib/audit/record-audit";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { WorkspaceContext } from "@/lib/workspaces/context";

/**
 * An owner requires (or stops requiring) two-factor sign-in for every member: from then on a
 * member without it is sent to set it up before any page of the workspace opens. The owner must
 * have it on first, so the rule never starts by locking out the person who set it.
 */
export async function setWorkspaceTwoFactorRequirement(
  db: Db,
  ctx: WorkspaceContext,
  required: boolean,
): Promise<void> {
  if (ctx.role !== "OWNER" || !ctx.userId) {
    throw new AppError("FORBIDDEN", "Only an owner can change the workspace's sign-in rules.");
  }
  if (required) {
    const own = await db.userTwoFactor.findUnique({
      where: { userId: ctx.userId },
      select: { enabledAt: true },
    });
    if (!own?.enabledAt) {
      throw new AppError("INVALID_INPUT", "Turn on two-factor sign-in for your own account first.");
    }
  }
  await db.$transaction(async (tx) => {
    await tx.workspaceSecurity.upsert({
      where: { workspaceId: ctx.workspaceId },
      create: { workspaceId: ctx.workspaceId, requireTwoFactor: required },
      update: { requireTwoFactor: required },
    });
    await recordAudit(tx, ctx, {
      action: required ? "workspace.two_factor.require" : "workspace.two_factor.unrequire",
      entityType: "Workspace",
      entityId: ctx.workspaceId,
    });
  });
}
