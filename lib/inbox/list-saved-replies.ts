import type { Db } from "@/lib/db/client";
import type { WorkspaceContext } from "@/lib/workspaces/context";
import { assertInboxReader } from "./inbox-access";

/** Saved replies offered in a brand's inbox: the workspace's own and that brand's; without a brand, all the caller sees. */
export async function listSavedReplies(db: Db, ctx: WorkspaceContext, input: { brandId?: string } = {}) {
  assertInboxReader(ctx);
  const brandFilter =
    input.brandId !== undefined
      ? [{ brandId: null }, { brandId: input.brandId }]
      : ctx.brandIds === null
        ? undefined
        : [{ brandId: null }, { brandId: { in: ctx.brandIds } }];
  return db.savedReply.findMany({
    where: { workspaceId: ctx.workspaceId, ...(brandFilter ? { OR: brandFilter } : {}) },
    orderBy: { title: "asc" },
    select: { id: true, title: true, body: true, brandId: true },
  });
}
