import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { WorkspaceContext } from "./context";

/**
 * The caller's context in the workspace with this slug. A workspace the user is not a member of
 * is NOT_FOUND, exactly like one that does not exist, so slugs cannot be probed.
 */
export async function resolveWorkspaceContext(
  db: Db,
  userId: string,
  slug: string,
): Promise<WorkspaceContext> {
  const membership = await db.membership.findFirst({
    where: { userId, workspace: { slug } },
    select: {
      role: true,
      limitedToBrands: true,
      brands: { select: { brandId: true } },
      workspace: { select: { id: true, slug: true, name: true } },
    },
  });
  if (!membership)
    throw new AppError("NOT_FOUND", "This workspace does not exist or you are not a member of it.");
  return {
    workspaceId: membership.workspace.id,
    workspaceSlug: membership.workspace.slug,
    workspaceName: membership.workspace.name,
    userId,
    apiKeyId: null,
    role: membership.role,
    brandIds: membership.limitedToBrands ? membership.brands.map((b) => b.brandId) : null,
  };
}
