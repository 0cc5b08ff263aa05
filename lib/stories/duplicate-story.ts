import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import { TEXT_LIMITS } from "@/lib/core/text-limits";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { assertCan, canSeeBrand, type WorkspaceContext } from "@/lib/workspaces/context";
import { contentOfStory, isAssetId, resolveContent, writeStoryContent } from "./story-content";

const storyIdSchema = z.string().trim().min(1).max(100);

/**
 * Copies a story of any status (a published one to run again, say) as a new, unscheduled DRAFT of
 * the same brand: frames, channels, captions and per-channel overrides, by the same author rules
 * as a new story. Media that has since failed is left out rather than blocking the copy.
 */
export async function duplicateStory(deps: { db: Db }, ctx: WorkspaceContext, storyId: string) {
  assertCan(ctx, "stories:edit", "duplicate stories");
  const id = storyIdSchema.safeParse(storyId);
  const source = id.success
    ? await deps.db.story.findFirst({
        where: { id: id.data, workspaceId: ctx.workspaceId },
        select: { id: true, brandId: true, brand: { select: { id: true, name: true } } },
      })
    : null;
  if (!source || !canSeeBrand(ctx, source.brandId)) {
    throw new AppError("NOT_FOUND", "This story does not exist or you cannot see it.");
  }
  return deps.db.$transaction(async (tx) => {
    const content = await usableContent(tx, ctx, source.id);
    const resolved = await resolveContent(tx, ctx, source.brand, content, { requireReady: false });
    const copy = await tx.story.create({
      data: {
        workspaceId: ctx.workspaceId,
        brandId: source.brandId,
        authorId: ctx.userId,
        title: copyTitle(content.title),
        whatsappText: content.whatsappText ?? null,
        status: "DRAFT",
      },
    });
    await writeStoryContent(tx, ctx, copy.id, resolved);
    await recordAudit(tx, ctx, {
      action: "story.duplicate",
      entityType: "Story",
      entityId: copy.id,
      data: { from: source.id },
    });
    return copy;
  });
}

function copyTitle(title: string): string {
  // Never cut mid-word to fit: a title too long for the prefix stays as it was.
  const copy = `Copy of ${title}`;
  return title ? (copy.length <= TEXT_LIMITS.title.max ? copy : title) : "";
}

/** The source's content without frames whose media has failed, renumbering the overrides. */
async function usableContent(
  db: Parameters<typeof contentOfStory>[0],
  ctx: WorkspaceContext,
  storyId: string,
) {
  const content = await contentOfStory(db, ctx, storyId);
  const failed = new Set(
    (
      await db.mediaAsset.findMany({
        where: {
          id: { in: content.frames.filter(isAssetId) },
          workspaceId: ctx.workspaceId,
          status: "FAILED",
        },
        select: { id: true },
      })
    ).map((a) => a.id),
  );
  if (failed.size === 0) return content;
  const kept = content.frames.flatMap((frame, position) =>
    isAssetId(frame) && failed.has(frame) ? [] : [position],
  );
  return {
    ...content,
    frames: kept.flatMap((position) => content.frames[position] ?? []),
    overrides: content.overrides.map((o) => ({
      ...o,
      frames: o.frames?.flatMap((position) => {
        const index = kept.indexOf(position);
        return index === -1 ? [] : [index];
      }),
    })),
  };
}
