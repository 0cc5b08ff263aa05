import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { canSeeBrand, type WorkspaceContext } from "@/lib/workspaces/context";

/** A brand of the caller's workspace that the caller may see; anything else is NOT_FOUND. */
export async function getBrand(db: Db, ctx: WorkspaceContext, brandId: string) {
  const brand = canSeeBrand(ctx, brandId)
    ? await db.brand.findFirst({ where: { id: brandId, workspaceId: ctx.workspaceId } })
    : null;
  if (!brand) throw new AppError("NOT_FOUND", "This brand does not exist or you cannot see it.");
  return brand;
}
