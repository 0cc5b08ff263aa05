import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { ROLES } from "@/lib/core/roles";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";

export const API_KEY_PREFIX = "sr_live_";

export const createApiKeySchema = z.object({
  workspaceSlug: z.string().min(1),
  role: z.string().pipe(z.enum(ROLES, "Choose a role: OWNER, ADMIN, EDITOR, APPROVER or VIEWER.")),
  name: z.string().trim().min(1).max(80).default("API key"),
});

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** A fresh key with the prefix shown in lists and the hash that is stored instead of it. */
export function newApiKeySecret(): { key: string; prefix: string; keyHash: string } {
  const key = `${API_KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
  return { key, prefix: key.slice(0, API_KEY_PREFIX.length + 6), keyHash: hashApiKey(key) };
}

/**
 * Creates an API key for a workspace and returns it once; only its sha256 is stored (a key has
 * 256 random bits, so a fast hash is enough: there is nothing to brute-force). Used by the
 * operator CLI; the settings page uses createWorkspaceApiKey.
 */
export async function createApiKey(db: Db, input: z.input<typeof createApiKeySchema>) {
  const { workspaceSlug, role, name } = parseInput(createApiKeySchema, input);
  const workspace = await db.workspace.findUnique({ where: { slug: workspaceSlug }, select: { id: true } });
  if (!workspace) throw new AppError("NOT_FOUND", `No workspace with slug "${workspaceSlug}".`);
  const { key, prefix, keyHash } = newApiKeySecret();
  const apiKey = await db.$transaction(async (tx) => {
    const created = await tx.apiKey.create({
      data: {
        workspaceId: workspace.id,
        name,
        role,
        prefix,
        keyHash,
      },
      select: { id: true, name: true, role: true, prefix: true },
    });
    await tx.auditLog.create({
      data: {
        workspaceId: workspace.id,
        action: "apikey.create",
        entityType: "ApiKey",
        entityId: created.id,
        data: { name, role, via: "cli" },
      },
    });
    return created;
  });
  return { ...apiKey, key };
}
