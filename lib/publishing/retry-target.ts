import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Db } from "@/lib/db/client";
import { AppError, messageOf } from "@/lib/errors";
import type { Logger } from "@/lib/logger";
import { enqueuePublish, type PublishQueues } from "@/lib/queue/publish-queues";
import { parseInput } from "@/lib/validation";
import { assertCan, canSeeBrand, type WorkspaceContext } from "@/lib/workspaces/context";

const idsSchema = z.object({
  storyId: z.string().trim().min(1).max(100),
  targetId: z.string().trim().min(1).max(100),
});

/** Story statuses a retried target can return to publishing from. */
const RETRYABLE_STORY_STATUSES = ["PUBLISHING", "PARTIAL", "FAILED"];

/**
 * A person's "try again" for one FAILED target, while its story may still go out (before the
 * freshness deadline, not canceled). The target starts over with a fresh attempt budget; frames
 * that already went out keep their ids and are skipped by the pipeline, the others lose their
 * container, because a container the platform refused or let expire cannot be published. That
 * is safe here because FAILED means the pipeline established that nothing is live for them;
 * an outcome it could not establish is UNCONFIRMED, which only resolveUnconfirmed settles.
 * The story is locked for update, so a cancel or a second retry waits and then sees the change.
 */
export async function retryTarget(
  deps: { db: Db; queues: PublishQueues; logger?: Logger; now?: () => Date },
  ctx: WorkspaceContext,
  storyId: string,
  targetId: string,
) {
  assertCan(ctx, "stories:edit", "retry publishing");
  const ids = parseInput(idsSchema, { storyId, targetId });
  const now = deps.now?.() ?? new Date();
  const notFound = () => new AppError("NOT_FOUND", "This story does not exist or you cannot see it.");
  const refuse = (reason: string) => new AppError("CONFLICT", reason);

  const job = await deps.db.$transaction(async (tx) => {
    const [story] = await tx.$queryRaw<
      {
        id: string;
        brandId: string;
        status: string;
        version: number;
        freshnessDeadline: Date | null;
        canceledAt: Date | null;
      }[]
    >`SELECT id, "brandId", status, version, "freshnessDeadline", "canceledAt" FROM "Story"
      WHERE id = ${ids.storyId} AND "workspaceId" = ${ctx.workspaceId} FOR UPDATE`;
    if (!story || !canSeeBrand(ctx, story.brandId)) throw notFound();
    const target = await tx.storyTarget.findFirst({
      where: { id: ids.targetId, storyId: story.id, workspaceId: ctx.workspaceId },
      select: { id: true, state: true, channel: { select: { displayName: true, status: true } } },
    });
    if (!target) throw notFound();

    if (target.state !== "FAILED") {
      throw refuse(
        `Only a failed channel can be retried; ${target.channel.displayName} is ${target.state.toLowerCase().replace("_", " ")}.`,
      );
    }
    if (story.canceledAt) throw refuse("This story was canceled, so it is not published again.");
    if (!RETRYABLE_STORY_STATUSES.includes(story.status)) {
      throw refuse(`This story is ${story.status.toLowerCase()} and cannot be retried.`);
    }
    if (story.freshnessDeadline && story.freshnessDeadline <= now) {
      throw refuse(
        "This story is past its latest start time, so it is not published late. Schedule it again instead.",
      );
    }
    if (target.channel.status !== "CONNECTED") {
      throw refuse(
        target.channel.status === "NEEDS_REAUTH"
          ? `Reconnect ${target.channel.displayName} first; then retry.`
          : `${target.channel.displayName} is disabled. Enable it first.`,
      );
    }

    const reset = await tx.storyTarget.updateMany({
      where: { id: target.id, workspaceId: ctx.workspaceId, state: "FAILED" },
      data: {
        state: "PENDING",
        attemptCount: 0,
        leaseToken: null,
        leaseExpiresAt: null,
        nextAttemptAt: null,
        lastErrorClass: null,
        lastErrorCode: null,
        lastErrorMessage: null,
      },
    });
    if (reset.count !== 1) throw refuse("This channel changed meanwhile. Reload the page.");
    await tx.storyTargetFrame.updateMany({
      where: { targetId: target.id, workspaceId: ctx.workspaceId, state: { not: "PUBLISHED" } },
      data: { state: "PENDING", externalContainerId: null, publishIntentAt: null },
    });
    if (story.status !== "PUBLISHING") {
      await tx.story.update({
        where: { id_workspaceId: { id: story.id, workspaceId: ctx.workspaceId } },
        data: { status: "PUBLISHING" },
      });
    }
    await recordAudit(tx, ctx, {
      action: "story.target.retry",
      entityType: "StoryTarget",
      entityId: target.id,
      data: { storyId: story.id, previousStoryStatus: story.status },
    });
    return { targetId: target.id, workspaceId: ctx.workspaceId, storyVersion: story.version };
  });

  // After the commit: a worker that picks the job up must find the target PENDING. Should Redis
  // be unreachable, the retry still stands: the sweep adds jobs for open targets of publishing
  // stories.
  await enqueuePublish(deps.queues, [job]).catch((error: unknown) => {
    deps.logger?.warn(
      { targetId: job.targetId, reason: messageOf(error) },
      "could not queue the retried target; the sweep will",
    );
  });
  return { targetId: job.targetId, state: "PENDING" as const };
}
