import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Db } from "@/lib/db/client";
import { notify } from "@/lib/notifications/notify";
import { parseInput } from "@/lib/validation";
import { recordWebhookEvent } from "@/lib/webhooks/record-webhook-event";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";
import { findCommentableStory } from "./find-commentable-story";
import { type Mention, parseMentions, plainComment } from "./mention-tokens";

export const createCommentSchema = z.strictObject({
  body: z
    .string()
    .trim()
    .min(1, "Write a comment first.")
    .max(4_000, "Keep a comment under 4,000 characters; split a longer one."),
});

/** A notice's excerpt of the comment: enough to know whether to open it. */
const EXCERPT = 280;

export type CreatedComment = {
  comment: { id: string; body: string; createdAt: Date };
  /** Mentioned and told. */
  mentioned: Mention[];
  /** Mentioned, but not members who can see the brand: kept as text, nobody told. */
  notNotified: Mention[];
  /** Everyone given a notice, for mailing them once the transaction has committed. */
  toldUserIds: string[];
};

/**
 * Adds a member's comment to a story, in one transaction with its notices and webhook event. The
 * people it mentions who can see the brand get `story.mention`; the story's author and everyone who
 * commented before get `story.comment` (once, and never the commenter or someone already told by a
 * mention). Mentions of anyone else stay in the text and tell no one; they are returned so the form
 * can say so.
 */
export async function createComment(
  deps: { db: Db; now?: () => Date },
  ctx: WorkspaceContext,
  storyId: string,
  input: z.input<typeof createCommentSchema>,
): Promise<CreatedComment> {
  assertCan(ctx, "stories:comment", "comment on stories");
  const { body } = parseInput(createCommentSchema, input);
  const now = deps.now?.() ?? new Date();
  return deps.db.$transaction(async (tx) => {
    const story = await findCommentableStory(tx, ctx, storyId);
    const mentions = parseMentions(body);
    const hearers = new Set(
      mentions.length === 0
        ? []
        : (
            await tx.membership.findMany({
              where: {
                workspaceId: ctx.workspaceId,
                userId: { in: mentions.map((m) => m.userId) },
                OR: [{ limitedToBrands: false }, { brands: { some: { brandId: story.brandId } } }],
              },
              select: { userId: true },
            })
          ).map((m) => m.userId),
    );
    const mentioned = mentions.filter((m) => hearers.has(m.userId));
    const notNotified = mentions.filter((m) => !hearers.has(m.userId));
    const earlier = await tx.comment.findMany({
      where: { workspaceId: ctx.workspaceId, storyId: story.id, authorId: { not: null } },
      distinct: ["authorId"],
      select: { authorId: true },
    });
    const comment = await tx.comment.create({
      data: {
        workspaceId: ctx.workspaceId,
        storyId: story.id,
        authorId: ctx.userId,
        body,
        createdAt: now,
      },
      select: { id: true, body: true, createdAt: true },
    });
    const actor = ctx.userId
      ? ((await tx.user.findUnique({ where: { id: ctx.userId }, select: { name: true } }))?.name ?? "Someone")
      : "An API client";
    const storyTitle = story.title || "a story";
    const excerpt = truncate(plainComment(body), EXCERPT);
    const path = `/stories/${story.id}#comment-${comment.id}`;
    const toldOfMention = mentioned.filter((m) => m.userId !== ctx.userId).map((m) => m.userId);
    const told: string[] = [];
    if (toldOfMention.length > 0) {
      told.push(
        ...(await notify(tx, {
          kind: "story.mention",
          workspaceId: ctx.workspaceId,
          brandId: story.brandId,
          userIds: toldOfMention,
          actorUserId: ctx.userId,
          title: `${actor} mentioned you on ${storyTitle}`,
          chatTitle: `${actor} commented on ${storyTitle}, mentioning ${mentioned
            .filter((m) => toldOfMention.includes(m.userId))
            .map((m) => m.name)
            .join(", ")}`,
          body: excerpt,
          path,
        })),
      );
    }
    const participants = [story.authorId, ...earlier.map((c) => c.authorId)].filter(
      (id): id is string => typeof id === "string" && id !== ctx.userId && !toldOfMention.includes(id),
    );
    // Only people already in the conversation: notify()'s fallback to owners and admins is for
    // events nobody would hear of, and a comment on a story without participants is not one.
    if (participants.length > 0) {
      told.push(
        ...(await notify(tx, {
          kind: "story.comment",
          workspaceId: ctx.workspaceId,
          brandId: story.brandId,
          userIds: participants,
          actorUserId: ctx.userId,
          title: `${actor} commented on ${storyTitle}`,
          // One chat post per comment: the mention's already said it.
          ...(told.length > 0 ? { chatTitle: null } : {}),
          body: excerpt,
          path,
        })),
      );
    }
    await recordAudit(tx, ctx, {
      action: "story.comment",
      entityType: "Comment",
      entityId: comment.id,
      data: { storyId: story.id, mentioned: mentioned.map((m) => m.userId) },
    });
    await recordWebhookEvent(
      tx,
      {
        workspaceId: ctx.workspaceId,
        type: "story.commented",
        data: {
          story: { id: story.id, brandId: story.brandId, title: story.title },
          comment: {
            id: comment.id,
            body: comment.body,
            authorId: ctx.userId,
            createdAt: comment.createdAt.toISOString(),
            mentionedUserIds: mentioned.map((m) => m.userId),
          },
        },
      },
      now,
    );
    return { comment, mentioned, notNotified, toldUserIds: [...new Set(told)] };
  });
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
