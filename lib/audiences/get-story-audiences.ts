import type { Db } from "@/lib/db/client";
import type { AudienceMode } from "@/lib/db/generated/enums";
import { assertCan, visibleBrandFilter, type WorkspaceContext } from "@/lib/workspaces/context";

export type TargetAudienceView = { mode: AudienceMode; listName: string; contactCount: number };

/**
 * The audience each of a story's targets was given, by channel id (a channel missing from the map
 * goes to everyone). For the story page and the composer; an unseen story gives an empty map.
 */
export async function getStoryAudiences(
  db: Db,
  ctx: WorkspaceContext,
  storyId: string,
): Promise<Map<string, TargetAudienceView>> {
  assertCan(ctx, "stories:view", "see a story");
  const rows = await db.targetAudience.findMany({
    where: {
      workspaceId: ctx.workspaceId,
      target: { storyId, story: { brand: visibleBrandFilter(ctx) } },
    },
    select: { mode: true, listName: true, contactIds: true, target: { select: { channelId: true } } },
  });
  return new Map(
    rows.map((row) => [
      row.target.channelId,
      { mode: row.mode, listName: row.listName, contactCount: row.contactIds.length },
    ]),
  );
}
