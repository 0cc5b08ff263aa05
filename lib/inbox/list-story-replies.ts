import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { canSeeBrand, type WorkspaceContext } from "@/lib/workspaces/context";
import { assertInboxReader } from "./inbox-access";

/**
 * A story's replies, reactions and mentions, frame by frame (by the frame's position in the
 * story), newest first within a frame, each with its conversation to open: for the story page's
 * Replies section and the counts on its insights page.
 */
export async function listStoryReplies(db: Db, ctx: WorkspaceContext, storyId: string) {
  assertInboxReader(ctx);
  const story = await db.story.findFirst({
    where: { id: storyId, workspaceId: ctx.workspaceId },
    select: {
      id: true,
      brandId: true,
      frames: { orderBy: { position: "asc" }, select: { id: true, position: true } },
    },
  });
  if (!story || !canSeeBrand(ctx, story.brandId)) {
    throw new AppError("NOT_FOUND", "This story does not exist or you cannot see it.");
  }
  // Served by Message(workspaceId, targetFrameId).
  const messages = await db.message.findMany({
    where: {
      workspaceId: ctx.workspaceId,
      direction: "INBOUND",
      targetFrame: { frame: { storyId: story.id } },
    },
    orderBy: { sentAt: "desc" },
    take: 500,
    select: {
      id: true,
      kind: true,
      text: true,
      sentAt: true,
      purgedAt: true,
      conversationId: true,
      targetFrame: { select: { frameId: true } },
      conversation: {
        select: {
          participantName: true,
          participantHandle: true,
          channel: { select: { platform: true, displayName: true } },
        },
      },
    },
  });
  return story.frames.map((frame) => {
    const replies = messages
      .filter((m) => m.targetFrame?.frameId === frame.id)
      .map(({ targetFrame: _frame, conversation, ...m }) => ({
        ...m,
        person: conversation.participantHandle ?? conversation.participantName ?? "Someone",
        platform: conversation.channel.platform,
        channel: conversation.channel.displayName,
      }));
    return { frameId: frame.id, position: frame.position, count: replies.length, replies };
  });
}

export type StoryFrameReplies = Awaited<ReturnType<typeof listStoryReplies>>;
