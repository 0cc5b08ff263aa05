import type { Db } from "@/lib/db/client";
import { canSeeBrand, type WorkspaceContext } from "@/lib/workspaces/context";

/** A brand's channels without any secret, for pages and the API. */
export async function listChannels(db: Db, ctx: WorkspaceContext, brandId: string) {
  if (!canSeeBrand(ctx, brandId)) return [];
  return db.channel.findMany({
    where: { brandId, workspaceId: ctx.workspaceId },
    orderBy: { platform: "asc" },
    select: {
      id: true,
      platform: true,
      displayName: true,
      status: true,
      statusReason: true,
      sandbox: true,
      externalAccountId: true,
      tokenExpiresAt: true,
      sessionState: true,
      sessionCheckedAt: true,
    },
  });
}
