import type { Db } from "@/lib/db/client";
import type { PublisherPlatform, StoryPublisher } from "@/lib/publishers/contract";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";
import { loadAudienceChannel } from "./audience-channel";

/** A channel (its name and brand) and its audience lists, by name (VIEWER and above). */
export async function listAudienceLists(
  deps: { db: Db; publisherFor(platform: PublisherPlatform): StoryPublisher },
  ctx: WorkspaceContext,
  channelId: string,
) {
  assertCan(ctx, "stories:view", "see audience lists");
  const channel = await loadAudienceChannel(deps, ctx, channelId);
  const lists = await deps.db.statusAudienceList.findMany({
    where: { channelId: channel.id, workspaceId: ctx.workspaceId },
    orderBy: { name: "asc" },
    select: { id: true, name: true, contactIds: true, createdAt: true, updatedAt: true },
  });
  return { channel: { id: channel.id, displayName: channel.displayName, brandId: channel.brandId }, lists };
}
