import { z } from "zod";
import type { DbOrTx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { canSeeBrand, type WorkspaceContext } from "@/lib/workspaces/context";

const storyIdSchema = z.string().trim().min(1).max(100);

/**
 * The story a comment is about, as the caller may see it: another workspace's story, or one of a
 * brand the caller is not given, is "not found" like one that does not exist.
 */
export async function findCommentableStory(tx: DbOrTx, ctx: WorkspaceContext, storyId: string) {
  const id = storyIdSchema.safeParse(storyId);
  const story = id.success
    ? await tx.story.findFirst({
        where: { id: id.data, workspaceId: ctx.workspaceId },
        select: { id: true, brandId: true, title: true, authorId: true, brand: { select: { name: true } } },
      })
    : null;
  if (!story || !canSeeBrand(ctx, story.brandId)) {
    throw new AppError("NOT_FOUND", "This story does not exist, or it belongs to a brand you cannot see.");
  }
  return story;
}
