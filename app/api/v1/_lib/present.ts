import type { Db } from "@/lib/db/client";
import { getStory } from "@/lib/stories/get-story";
import type { WorkspaceContext } from "@/lib/workspaces/context";

/** A story as the API returns it after any change: re-read, so the response shows what is stored. */
export function storyResponse(db: Db, ctx: WorkspaceContext, storyId: string) {
  return getStory(db, ctx, storyId);
}
