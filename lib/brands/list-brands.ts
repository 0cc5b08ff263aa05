import type { Db } from "@/lib/db/client";
import { visibleBrandFilter, type WorkspaceContext } from "@/lib/workspaces/context";

/** The brands the caller may see, by name, with their channels' platforms and states. */
export async function listBrands(db: Db, ctx: WorkspaceContext) {
  return db.brand.findMany({
    where: visibleBrandFilter(ctx),
    orderBy: { name: "asc" },
    include: {
      channels: {
        select: { id: true, platform: true, displayName: true, status: true, sandbox: true },
        orderBy: { platform: "asc" },
      },
    },
  });
}
