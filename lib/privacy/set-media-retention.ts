import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Db } from "@/lib/db/client";
import { parseInput } from "@/lib/validation";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";

export const mediaRetentionSchema = z.object({
  /** Null turns retention off (media is kept). */
  mediaRetentionDays: z.number().int().min(1).max(3650).nullable(),
});

/** Sets (or turns off) how long media is kept after its stories finished; OWNER and ADMIN. */
export async function setMediaRetention(db: Db, ctx: WorkspaceContext, input: unknown): Promise<void> {
  assertCan(ctx, "workspace:manage", "change media retention");
  const { mediaRetentionDays } = parseInput(mediaRetentionSchema, input);
  await db.$transaction(async (tx) => {
    await tx.workspace.update({ where: { id: ctx.workspaceId }, data: { mediaRetentionDays } });
    await recordAudit(tx, ctx, {
      action: "workspace.media_retention",
      entityType: "Workspace",
      entityId: ctx.workspaceId,
      data: { mediaRetentionDays },
    });
  });
}
