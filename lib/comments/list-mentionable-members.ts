import type { Db } from "@/lib/db/client";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";
import { findCommentableStory } from "./find-commentable-story";

/**
 * Who a comment on this story can mention: members who can see its brand (the picker offers only
 * them; a mention of anyone else is kept as text and tells no one). Names only, no e-mail: a
 * client member must not learn the team's addresses from the picker.
 */
export async function listMentionableMembers(db: Db, ctx: WorkspaceContext, storyId: string) {
  assertCan(ctx, "stories:view", "see stories");
  const story = await findCommentableStory(db, ctx, storyId);
  const members = await db.membership.findMany({
    where: {
      workspaceId: ctx.workspaceId,
      OR: [{ limitedToBrands: false }, { brands: { some: { brandId: story.brandId } } }],
    },
    select: { user: { select: { id: true, name: true } } },
  });
  return members.map((m) => m.user).sort((a, b) => a.name.localeCompare(b.name));
}
