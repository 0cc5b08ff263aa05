import type { DbOrTx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { canSeeBrand, type WorkspaceContext } from "@/lib/workspaces/context";

const NOT_FOUND_MESSAGE = "This brand does not exist or you cannot see it.";

/**
 * A brand of the caller's workspace that the caller may see, or null: another workspace's brand
 * and a brand outside a member's list look the same, as if it did not exist.
 */
export async function findVisibleBrand(db: DbOrTx, ctx: WorkspaceContext, brandId: string) {
  if (!canSeeBrand(ctx, brandId)) return null;
  return db.brand.findFirst({ where: { id: brandId, workspaceId: ctx.workspaceId } });
}

/**
 * The brand as findVisibleBrand finds it, or NOT_FOUND; with `field`, the refusal is also marked
 * on that form field (a brand picked in a form).
 */
export async function getBrand(
  db: DbOrTx,
  ctx: WorkspaceContext,
  brandId: string,
  options: { field?: string } = {},
) {
  const brand = await findVisibleBrand(db, ctx, brandId);
  if (!brand) {
    throw new AppError(
      "NOT_FOUND",
      NOT_FOUND_MESSAGE,
      options.field ? { fields: { [options.field]: NOT_FOUND_MESSAGE } } : undefined,
    );
  }
  return brand;
}
