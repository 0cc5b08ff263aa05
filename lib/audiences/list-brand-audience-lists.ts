import type { Db } from "@/lib/db/client";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";

export type AudienceListChoice = { id: string; name: string; contactCount: number };

/** The audience lists of a brand's channels, by channel id, for the composer's Audience select. */
export async function listBrandAudienceLists(
  db: Db,
  ctx: WorkspaceContext,
  brandId: string,
): Promise<Map<string, AudienceListChoice[]>> {
  assertCan(ctx, "stories:view", "see audience lists");
  if (ctx.brandIds !== null && !ctx.brandIds.includes(brandId)) return new Map();
  const lists = await db.statusAudienceList.findMany({
    where: { workspaceId: ctx.workspaceId, channel: { brandId } },
    orderBy: { name: "asc" },
    select: { id: true, name: true, channelId: true, contactIds: true },
  });
  const byChannel = new Map<string, AudienceListChoice[]>();
  for (const list of lists) {
    const choices = byChannel.get(list.channelId) ?? [];
    choices.push({ id: list.id, name: list.name, contactCount: list.contactIds.length });
    byChannel.set(list.channelId, choices);
  }
  return byChannel;
}
