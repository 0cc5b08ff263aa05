import type { Db } from "@/lib/db/client";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";
import { findCommentableStory } from "./find-commentable-story";

/** Most comments a story page or API answer carries; a story's conversation is far shorter. */
const MAX_COMMENTS = 500;

export type CommentView = {
  id: string;
  body: string;
  createdAt: Date;
  /** A member's comment. */
  author: { id: string; name: string } | null;
  /** A client's comment through a review link: the name they gave. */
  clientName: string | null;
  reviewLinkId: string | null;
};

/** A story's comments, oldest first (a conversation reads down), for anyone who can see the story. */
export async function listComments(db: Db, ctx: WorkspaceContext, storyId: string): Promise<CommentView[]> {
  assertCan(ctx, "stories:view", "see stories");
  const story = await findCommentableStory(db, ctx, storyId);
  // Served by Comment(workspaceId, storyId, createdAt).
  const rows = await db.comment.findMany({
    where: { workspaceId: ctx.workspaceId, storyId: story.id },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: MAX_COMMENTS,
    select: {
      id: true,
      body: true,
      createdAt: true,
      authorName: true,
      reviewLinkId: true,
      author: { select: { id: true, name: true } },
    },
  });
  return rows.map((row) => ({
    id: row.id,
    body: row.body,
    createdAt: row.createdAt,
    author: row.author,
    clientName: row.author ? null : row.reviewLinkId ? (row.authorName ?? "Client") : null,
    reviewLinkId: row.reviewLinkId,
  }));
}

/** How a comment's author reads on a page, in mail or in the API. */
export function commentAuthorLabel(comment: Pick<CommentView, "author" | "clientName" | "reviewLinkId">) {
  if (comment.author) return comment.author.name;
  if (comment.reviewLinkId) return `${comment.clientName ?? "Client"} (client, through a review link)`;
  return "Through the API";
}
