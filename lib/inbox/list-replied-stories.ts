import type { Db } from "@/lib/db/client";
import { visibleBrandFilter, type WorkspaceContext } from "@/lib/workspaces/context";
import { assertInboxReader } from "./inbox-access";

/** The latest stories people replied to or reacted to, in the brands the caller sees: the inbox's story filter. */
export async function listRepliedStories(db: Db, ctx: WorkspaceContext, input: { brandId?: string } = {}) {
  assertInboxReader(ctx);
  const brands = visibleBrandFilter(ctx);
  return db.story.findMany({
    where: {
      workspaceId: ctx.workspaceId,
      ...(input.brandId ? { brandId: input.brandId } : brands.id ? { brandId: brands.id } : {}),
      targets: { some: { frames: { some: { replies: { some: { direction: "INBOUND" } } } } } },
    },
    orderBy: [{ publishedAt: { sort: "desc", nulls: "last" } }, { id: "desc" }],
    take: 50,
    select: { id: true, title: true, publishedAt: true, brand: { select: { name: true } } },
  });
}
