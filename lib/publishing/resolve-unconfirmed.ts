import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import { TEXT_LIMITS } from "@/lib/core/text-limits";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { assertCan, canSeeBrand, type WorkspaceContext } from "@/lib/workspaces/context";
import { rollUpStory } from "./roll-up-story";

const resolveSchema = z.object({
  storyId: z.string().trim().min(1).max(100),
  targetId: z.string().trim().min(1).max(100),
  outcome: z.enum(["published", "not_published"], { message: "Say whether the story went out." }),
  note: z.string().trim().max(TEXT_LIMITS.note.max, TEXT_LIMITS.note.tooLong).optional(),
});

export type ResolveUnconfirmedInput = { outcome: "published" | "not_published"; note?: string };

/**
 * Settles an UNCONFIRMED target with what a person saw on the account, the one answer the
 * pipeline could not get itself. "published": the frames whose publish was attempted without a
 * known result count as published (at the time of their attempt); frames never attempted are
 * SKIPPED, since the pipeline does not publish half a story after a person's verdict.
 * "not_published": the target is FAILED with who said so, and can then be retried like any
 * failure. The story's status follows in the same transaction.
 */
export async function resolveUnconfirmed(
  db: Db,
  ctx: WorkspaceContext,
  storyId: string,
  targetId: string,
  input: ResolveUnconfirmedInput,
  now: Date = new Date(),
) {
  assertCan(ctx, "stories:edit", "settle unconfirmed publishing");
  const { outcome, note, ...ids } = parseInput(resolveSchema, { storyId, targetId, ...input });
  const actor = await describeActor(db, ctx);

  return db.$transaction(async (tx) => {
    const [story] = await tx.$queryRaw<{ id: string; brandId: string; status: string }[]>`
      SELECT id, "brandId", status FROM "Story"
      WHERE id = ${ids.storyId} AND "workspaceId" = ${ctx.workspaceId} FOR UPDATE`;
    if (!story || !canSeeBrand(ctx, story.brandId)) {
      throw new AppError("NOT_FOUND", "This story does not exist or you cannot see it.");
    }
    const target = await tx.storyTarget.findFirst({
      where: { id: ids.targetId, storyId: story.id, workspaceId: ctx.workspaceId },
      select: { id: true, state: true, channel: { select: { displayName: true } } },
    });
    if (!target) throw new AppError("NOT_FOUND", "This story does not exist or you cannot see it.");
    if (target.state !== "UNCONFIRMED") {
      throw new AppError(
        "CONFLICT",
        `${target.channel.displayName} is not waiting for a check any more (it is ${target.state.toLowerCase()}).`,
      );
    }

    if (outcome === "published") {
      // Best estimate of when each frame went out: the moment its publish call was made.
      await tx.$executeRaw`
        UPDATE "StoryTargetFrame" SET state = 'PUBLISHED', "publishedAt" = "publishIntentAt", "updatedAt" = ${now}
        WHERE "targetId" = ${target.id} AND "workspaceId" = ${ctx.workspaceId}
          AND state <> 'PUBLISHED' AND "publishIntentAt" IS NOT NULL`;
      await tx.storyTargetFrame.updateMany({
        where: { targetId: target.id, workspaceId: ctx.workspaceId, state: { not: "PUBLISHED" } },
        data: { state: "SKIPPED" },
      });
      const latest = await tx.storyTargetFrame.aggregate({
        where: { targetId: target.id, workspaceId: ctx.workspaceId, state: "PUBLISHED" },
        _max: { publishedAt: true },
      });
      await tx.storyTarget.update({
        where: { id: target.id },
        data: {
          state: "PUBLISHED",
          publishedAt: latest._max.publishedAt ?? now,
          leaseToken: null,
          leaseExpiresAt: null,
          nextAttemptAt: null,
          lastErrorClass: null,
          lastErrorCode: null,
          lastErrorMessage: `Confirmed as published by ${actor}${note ? `: ${note}` : "."}`,
        },
      });
    } else {
      await tx.storyTargetFrame.updateMany({
        where: {
          targetId: target.id,
          workspaceId: ctx.workspaceId,
          state: { not: "PUBLISHED" },
          publishIntentAt: { not: null },
        },
        data: { state: "FAILED" },
      });
      await tx.storyTarget.update({
        where: { id: target.id },
        data: {
          state: "FAILED",
          leaseToken: null,
          leaseExpiresAt: null,
          nextAttemptAt: null,
          lastErrorClass: null,
          lastErrorCode: null,
          lastErrorMessage: `Marked as not published by ${actor}${note ? `: ${note}` : "."}`,
        },
      });
    }

    // The story usually ended already (UNCONFIRMED is final); reopen it so the roll-up can
    // recompute its status from the settled target.
    if (["PUBLISHED", "PARTIAL", "FAILED"].includes(story.status)) {
      await tx.story.update({
        where: { id_workspaceId: { id: story.id, workspaceId: ctx.workspaceId } },
        data: { status: "PUBLISHING" },
      });
    }
    const storyStatus = await rollUpStory(tx, { id: story.id, workspaceId: ctx.workspaceId }, now);
    await recordAudit(tx, ctx, {
      action: "story.target.resolve",
      entityType: "StoryTarget",
      entityId: target.id,
      data: { storyId: story.id, outcome, note: note ?? null },
    });
    return { targetState: outcome === "published" ? "PUBLISHED" : "FAILED", storyStatus } as const;
  });
}

async function describeActor(db: Db, ctx: WorkspaceContext): Promise<string> {
  if (!ctx.userId) return "an API key";
  const user = await db.user.findUnique({ where: { id: ctx.userId }, select: { name: true } });
  return user?.name ?? "a member";
}
