import type { Db } from "@/lib/db/client";
import type { StoryStatus } from "@/lib/db/generated/enums";
import { canSeeBrand, type WorkspaceContext } from "@/lib/workspaces/context";

/**
 * What reframing an asset does to the stories that use it, by where each story is:
 * - `upcoming`: nothing has gone out yet (draft, in review, approved, scheduled, failed): it goes
 *   out with the new framing;
 * - `sent`: published on some or all channels: the platforms keep what they received; a channel
 *   retried later gets the new framing;
 * - `publishing`: going out right now. Reframing waits for it, so no story is ever sent with
 *   one framing on some frames or channels and another on the rest.
 * Canceled and expired stories never go out and are not counted.
 */
export type MediaUsage = { upcoming: number; sent: number; publishing: string[] };

const UPCOMING: readonly StoryStatus[] = ["DRAFT", "IN_REVIEW", "APPROVED", "SCHEDULED", "FAILED"];
const SENT: readonly StoryStatus[] = ["PUBLISHED", "PARTIAL"];

/**
 * The stories of the workspace with a frame showing `assetId`, sorted as `MediaUsage` says. A
 * workspace-wide file can be in stories of brands the caller may not see: those count, but
 * their titles are not given.
 */
export async function mediaUsage(
  db: Pick<Db, "story">,
  ctx: WorkspaceContext,
  assetId: string,
): Promise<MediaUsage> {
  const { workspaceId } = ctx;
  const stories = await db.story.findMany({
    where: { workspaceId, frames: { some: { workspaceId, mediaAssetId: assetId } } },
    select: { title: true, status: true, brandId: true },
  });
  return {
    upcoming: stories.filter((s) => UPCOMING.includes(s.status)).length,
    sent: stories.filter((s) => SENT.includes(s.status)).length,
    publishing: stories
      .filter((s) => s.status === "PUBLISHING")
      .map((s) => (canSeeBrand(ctx, s.brandId) ? s.title || "Untitled story" : "A story of another brand")),
  };
}
