import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import { assignableRoles, ROLES } from "@/lib/core/roles";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";
import { newApiKeySecret } from "./create-api-key";

export const workspaceApiKeySchema = z.object({
  name: z.string().trim().min(1, "Name the key, e.g. after the system that uses it.").max(80),
  role: z.enum(ROLES, "Choose a role."),
});

/**
 * An owner's or admin's new API key for their workspace, returned once with its secret. Nobody
 * can make a key more powerful than themselves (an admin cannot create an OWNER key).
 */
export async function createWorkspaceApiKey(
  db: Db,
  ctx: WorkspaceContext,
  input: z.input<typeof workspaceApiKeySchema>,
) {
  assertCan(ctx, "apikeys:manage", "create API keys");
  const { name, role } = parseInput(workspaceApiKeySchema, input);
  if (!assignableRoles(ctx.role).includes(role)) {
    const message = `Your role (${ctx.role.toLowerCase()}) cannot create ${role.toLowerCase()} keys.`;
    throw new AppError("FORBIDDEN", message, { fields: { role: message } });
  }
  const { key, prefix, keyHash } = newApiKeySecret();
  const apiKey = await db.$transaction(async (tx) => {
    const created = await tx.apiKey.create({
      data: { workspaceId: ctx.workspaceId, name, role, prefix, keyHash },
      select: { id: true, name: true, role: true, prefix: true, createdAt: true },
    });
    await recordAudit(tx, ctx, {
      action: "apikey.create",
      entityType: "ApiKey",
      entityId: created.id,
      data: { name, role, via: "settings" },
    });
    return created;
  });
  return { ...apiKey, key };
}
