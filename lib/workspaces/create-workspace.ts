import { z } from "zod";
import { RESERVED_SLUGS, slugify } from "@/lib/core/slug";
import type { Prisma } from "@/lib/db/generated/client";
import { parseInput } from "@/lib/validation";

export const workspaceNameSchema = z
  .string()
  .trim()
  .min(2, "Use at least 2 characters.")
  .max(80, "Use at most 80 characters.");

/** First free slug for a name: "acme", then "acme-2", "acme-3", ... */
async function freeSlug(tx: Prisma.TransactionClient, name: string): Promise<string> {
  const base = slugify(name);
  const taken = new Set(
    (await tx.workspace.findMany({ where: { slug: { startsWith: base } }, select: { slug: true } })).map(
      (w) => w.slug,
    ),
  );
  if (!taken.has(base) && !RESERVED_SLUGS.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/**
 * Creates a workspace with `ownerId` as its OWNER. Runs inside the caller's transaction; a
 * concurrent creation of the same slug makes the transaction fail with a unique violation,
 * which the caller retries.
 */
export async function createWorkspace(tx: Prisma.TransactionClient, ownerId: string, name: string) {
  const workspaceName = parseInput(workspaceNameSchema, name);
  const workspace = await tx.workspace.create({
    data: { name: workspaceName, slug: await freeSlug(tx, workspaceName) },
    select: { id: true, slug: true, name: true },
  });
  await tx.membership.create({ data: { workspaceId: workspace.id, userId: ownerId, role: "OWNER" } });
  await tx.auditLog.create({
    data: {
      workspaceId: workspace.id,
      actorUserId: ownerId,
      action: "workspace.create",
      entityType: "Workspace",
      entityId: workspace.id,
      data: { name: workspace.name, slug: workspace.slug },
    },
  });
  return workspace;
}
