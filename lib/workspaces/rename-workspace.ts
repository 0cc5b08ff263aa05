import { recordAudit } from "@/lib/audit/record-audit";
import type { Db } from "@/lib/db/client";
import { parseInput } from "@/lib/validation";
import { assertCan, type WorkspaceContext } from "./context";
import { workspaceNameSchema } from "./create-workspace";

/** Renames the workspace. The slug stays, so links people saved keep working. */
export async function renameWorkspace(db: Db, ctx: WorkspaceContext, name: string) {
  assertCan(ctx, "workspace:manage", "rename the workspace");
  const newName = parseInput(workspaceNameSchema, name);
  return db.$transaction(async (tx) => {
    const workspace = await tx.workspace.update({
      where: { id: ctx.workspaceId },
      data: { name: newName },
      select: { id: true, name: true, slug: true },
    });
    await recordAudit(tx, ctx, {
      action: "workspace.rename",
      entityType: "Workspace",
      entityId: ctx.workspaceId,
      data: { from: ctx.workspaceName, to: newName },
    });
    return workspace;
  });
}
