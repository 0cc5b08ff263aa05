import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Db } from "@/lib/db/client";
import { parseInput } from "@/lib/validation";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";

export const inboxSettingsSchema = z.object({
  messageRetentionDays: z
    .number({ error: "Enter a number of days." })
    .int("Enter a whole number of days.")
    .min(1, "Keep messages at least 1 day.")
    .max(3650, "Keep messages at most 3,650 days (10 years)."),
  humanAgentReplies: z.boolean(),
});

/**
 * How long message bodies are kept before the retention sweep purges them, and whether members
 * may answer late with Meta's human-agent tag (Meta allows it only for a person answering, not
 * automation, within 7 days: the workspace owns that promise, so it is off until an admin says so).
 */
export async function updateInboxSettings(
  db: Db,
  ctx: WorkspaceContext,
  input: z.input<typeof inboxSettingsSchema>,
) {
  assertCan(ctx, "inbox:manage", "change the inbox settings");
  const settings = parseInput(inboxSettingsSchema, input);
  return db.$transaction(async (tx) => {
    const updated = await tx.workspace.update({
      where: { id: ctx.workspaceId },
      data: settings,
      select: { messageRetentionDays: true, humanAgentReplies: true },
    });
    await recordAudit(tx, ctx, {
      action: "workspace.inbox_settings",
      entityType: "Workspace",
      entityId: ctx.workspaceId,
      data: settings,
    });
    return updated;
  });
}
