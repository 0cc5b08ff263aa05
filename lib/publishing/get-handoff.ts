import { z } from "zod";
import { PLATFORM_LIMITS } from "@/lib/core/platform-limits";
import { storedStickersSchema } from "@/lib/core/stickers";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { assertCan, canSeeBrand, type WorkspaceContext } from "@/lib/workspaces/context";
import { handoffAssignee } from "./hand-off-target";

// An id that cannot exist is "not found" like any other: a page URL is not a form.
const targetIdSchema = z.string().trim().min(1).max(100);

/**
 * One handed-off target as its phone page shows it: each frame the channel gets, in order, with
 * its processed media (the file the platform would have been sent) or its text status, its
 * stickers, and the caption to paste; who it is for and whether it is still waiting. Channels come
 * without config or credentials. Another workspace's target, or one of a brand the member cannot
 * see, is "not found".
 */
export async function getHandoff(db: Db, ctx: WorkspaceContext, targetId: string) {
  assertCan(ctx, "stories:view", "see stories");
  const id = targetIdSchema.safeParse(targetId);
  const target = id.success
    ? await db.storyTarget.findFirst({
        where: { id: id.data, workspaceId: ctx.workspaceId },
        select: {
          id: true,
          state: true,
          publishedAt: true,
          lastErrorMessage: true,
          captionOverride: true,
          story: {
            select: {
              id: true,
              title: true,
              brandId: true,
              authorId: true,
              scheduledAt: true,
              whatsappText: true,
              brand: { select: { name: true, timeZone: true } },
            },
          },
          channel: {
            select: { platform: true, displayName: true, status: true, sandbox: true, config: true },
          },
          frames: {
            orderBy: { position: "asc" },
            select: {
              position: true,
              frame: {
                select: {
                  text: true,
                  backgroundColor: true,
                  stickers: true,
                  mediaAsset: {
                    select: { kind: true, mimeType: true, storageKey: true, originalName: true },
                  },
                },
              },
            },
          },
        },
      })
    : null;
  if (!target || !canSeeBrand(ctx, target.story.brandId)) {
    throw new AppError("NOT_FOUND", "This handoff does not exist or you cannot see it.");
  }
  const assigneeId = handoffAssignee(target.channel, target.story);
  const assignee = assigneeId
    ? await db.membership.findFirst({
        where: { workspaceId: ctx.workspaceId, userId: assigneeId },
        select: { user: { select: { id: true, name: true } } },
      })
    : null;
  const { config: _config, ...channel } = target.channel;
  // Only a platform whose stories take a caption gets one to paste (WhatsApp, not Instagram).
  const caption = PLATFORM_LIMITS[target.channel.platform].caption
    ? (target.captionOverride ?? target.story.whatsappText)
    : null;
  const firstMedia = target.frames.findIndex((f) => f.frame.mediaAsset !== null);
  return {
    id: target.id,
    state: target.state,
    publishedAt: target.publishedAt,
    /** A person's note once settled ("Posted by hand by Sam."). */
    note: target.state === "PUBLISHED" || target.state === "FAILED" ? target.lastErrorMessage : null,
    story: {
      id: target.story.id,
      title: target.story.title,
      scheduledAt: target.story.scheduledAt,
      brandName: target.story.brand.name,
      timeZone: target.story.brand.timeZone,
    },
    channel,
    /** Null when the assignee is gone: the owners and admins were told instead. */
    assignee: assignee?.user ?? null,
    frames: target.frames.map((f, index) => {
      return {
        position: f.position,
        media: f.frame.mediaAsset,
        text: f.frame.mediaAsset ? null : f.frame.text,
        backgroundColor: f.frame.backgroundColor,
        // The caption goes with the first image or video, as the publisher would have sent it.
        caption: index === firstMedia ? caption : null,
        // The whole story is posted by hand, so every sticker is added in the app, mentions too.
        stickers: storedStickersSchema.parse(f.frame.stickers),
      };
    }),
  };
}

export type Handoff = Awaited<ReturnType<typeof getHandoff>>;
