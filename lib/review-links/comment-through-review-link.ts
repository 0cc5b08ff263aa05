import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";
import { notify } from "@/lib/notifications/notify";
import { parseInput } from "@/lib/validation";
import { clientIdentitySchema } from "./client-identity";
import { linkStoryFilter } from "./review-link-stories";
import { type ClientRequest, openForRequest, type ReviewLinkDeps } from "./review-request";

export const clientCommentSchema = z.strictObject({
  ...clientIdentitySchema.shape,
  body: z
    .string()
    .trim()
    .min(1, "Write a comment first.")
    .max(2000, "Keep the comment under 2,000 characters."),
});

/**
 * A client's comment on one of the link's stories: a Comment with the link and the name they gave
 * (no author account), audited with the link, the name, IP and user agent. Allowed whatever the
 * brand's policy and whatever the story's status: a comment decides nothing.
 */
export async function commentThroughReviewLink(
  deps: ReviewLinkDeps,
  token: string,
  storyId: string,
  input: z.input<typeof clientCommentSchema>,
  request: ClientRequest,
) {
  const link = await openForRequest(deps, token, request);
  const fields = parseInput(clientCommentSchema, input);
  return deps.db.$transaction(async (tx) => {
    const story = await tx.story.findFirst({
      where: { AND: [{ id: storyId }, linkStoryFilter(link)] },
      select: { id: true, brandId: true, title: true, authorId: true },
    });
    if (!story) throw new AppError("NOT_FOUND", "This story is not part of this review link.");
    const comment = await tx.comment.create({
      data: {
        workspaceId: link.workspaceId,
        storyId: story.id,
        reviewLinkId: link.id,
        authorName: fields.name,
        body: fields.body,
      },
    });
    // The team hears of it: the author and the members already in the conversation, or (nobody
    // being named) notify()'s owners and admins, so a client's word never goes unread.
    const members = await tx.comment.findMany({
      where: { workspaceId: link.workspaceId, storyId: story.id, authorId: { not: null } },
      distinct: ["authorId"],
      select: { authorId: true },
    });
    await notify(tx, {
      kind: "story.comment",
      workspaceId: link.workspaceId,
      brandId: story.brandId,
      userIds: [story.authorId, ...members.map((m) => m.authorId)],
      actorUserId: null,
      title: `${fields.name} (client) commented on ${story.title || "a story"}`,
      body: fields.body.length <= 280 ? fields.body : `${fields.body.slice(0, 279)}…`,
      path: `/stories/${story.id}#comment-${comment.id}`,
    });
    await recordAudit(
      tx,
      {
        workspaceId: link.workspaceId,
        userId: null,
        apiKeyId: null,
        reviewLinkId: link.id,
        origin: { ip: request.ip, userAgent: request.userAgent },
      },
      {
        action: "story.client_comment",
        entityType: "Story",
        entityId: story.id,
        data: {
          reviewLinkId: link.id,
          commentId: comment.id,
          name: fields.name,
          email: fields.email,
          ip: request.ip,
          userAgent: request.userAgent,
        },
      },
    );
    return comment;
  });
}
