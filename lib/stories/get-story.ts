import { z } from "zod";
import { storedStickersSchema } from "@/lib/core/stickers";
import { storyWait, targetWait } from "@/lib/core/target-wait";
import { readableInstant } from "@/lib/core/time-bounds";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { assertCan, canSeeBrand, type WorkspaceContext } from "@/lib/workspaces/context";

// An id that cannot exist is "not found" like any other: a page URL is not a form.
const storyIdSchema = z.string().trim().min(1).max(100);

/**
 * One story as its page shows it: brand, frames with their media, and per channel the target's
 * state, the per-frame platform ids and every attempt (newest first). Channels come without
 * config or credentials: nothing here may reach a browser that the marketer should not see.
 * Each open target that waits says what for, until when and what to do (`wait`); so does the
 * story when all it does is wait (`wait` on the story, while its status stays PUBLISHING).
 */
export async function getStory(db: Db, ctx: WorkspaceContext, storyId: string, now = new Date()) {
  assertCan(ctx, "stories:view", "see stories");
  const id = storyIdSchema.safeParse(storyId);
  const story = id.success
    ? await db.story.findFirst({
        where: { id: id.data, workspaceId: ctx.workspaceId },
        include: {
          brand: { select: { id: true, name: true, timeZone: true, approvalPolicy: true } },
          author: { select: { id: true, name: true } },
          // The review trail, newest first: what the author reads when changes were requested.
          approvals: {
            orderBy: { createdAt: "desc" },
            select: {
              id: true,
              decision: true,
              note: true,
              storyVersion: true,
              createdAt: true,
              reviewerId: true,
              // A client's decision through a review link: no account, the name they gave.
              reviewLinkId: true,
              reviewerName: true,
              reviewer: { select: { name: true } },
            },
          },
          frames: {
            orderBy: { position: "asc" },
            include: {
              mediaAsset: {
                select: { id: true, kind: true, mimeType: true, originalName: true, checksum: true },
              },
            },
          },
          targets: {
            orderBy: { channel: { platform: "asc" } },
            select: {
              id: true,
              state: true,
              attemptCount: true,
              nextAttemptAt: true,
              permalink: true,
              lastErrorClass: true,
              lastErrorCode: true,
              lastErrorMessage: true,
              publishedAt: true,
              captionOverride: true,
              waitReason: true,
              waitUntil: true,
              waitDetail: true,
              channel: {
                select: {
                  id: true,
                  platform: true,
                  displayName: true,
                  status: true,
                  sandbox: true,
                  externalAccountId: true,
                },
              },
              frames: {
                orderBy: { position: "asc" },
                select: {
                  id: true,
                  position: true,
                  state: true,
                  externalContainerId: true,
                  externalMediaId: true,
                  externalPostId: true,
                  externalMessageId: true,
                  publishIntentAt: true,
                  publishedAt: true,
                },
              },
              attempts: {
                orderBy: [{ startedAt: "desc" }, { attemptNumber: "desc" }],
                select: {
                  id: true,
                  attemptNumber: true,
                  outcome: true,
                  errorClass: true,
                  errorCode: true,
                  errorMessage: true,
                  startedAt: true,
                  finishedAt: true,
                },
              },
            },
          },
        },
      })
    : null;
  if (!story || !canSeeBrand(ctx, story.brandId)) {
    throw new AppError("NOT_FOUND", "This story does not exist or you cannot see it.");
  }
  // A row stored before the time bounds may hold instants the driver cannot read.
  const readable = {
    ...story,
    scheduledAt: readableInstant(story.scheduledAt),
    freshnessDeadline: readableInstant(story.freshnessDeadline),
    frames: story.frames.map((frame) => ({ ...frame, stickers: storedStickersSchema.parse(frame.stickers) })),
  };
  const targets = readable.targets.map((target) => ({ ...target, wait: targetWait(target, readable, now) }));
  return { ...readable, targets, wait: storyWait({ ...readable, targets }, now) };
}

export type StoryDetail = Awaited<ReturnType<typeof getStory>>;
