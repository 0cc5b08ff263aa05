import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import { keptFreshnessMs } from "@/lib/core/time-bounds";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError, isAppError } from "@/lib/errors";
import { enqueueDispatchSafely } from "@/lib/queue/publish-queues";
import { DEFAULT_FRESHNESS_MS } from "@/lib/queue/timing";
import { parseInput } from "@/lib/validation";
import { assertCan, canSeeBrand, type WorkspaceContext } from "@/lib/workspaces/context";
import { resolveScheduleTime } from "./resolve-schedule-time";
import { horizonOf, type ScheduleDeps } from "./schedule-story";
import { whenSchema } from "./schemas";
import { contentOfStory, resolveContent, scheduleWarnings } from "./story-content";

const rescheduleSchema = z.strictObject({ when: whenSchema });

/**
 * Moves a story that has not started publishing to another time. The version bump turns the
 * old dispatch job into a no-op; the new one is added after the commit. The freshness window
 * keeps its length. Returns the story with the checks' warnings at its new time, as scheduling
 * does (a channel's publishing quota may be full at the new time when it was not at the old).
 */
export async function rescheduleStory(
  deps: ScheduleDeps,
  ctx: WorkspaceContext,
  storyId: string,
  input: z.input<typeof rescheduleSchema>,
) {
  assertCan(ctx, "stories:edit", "reschedule stories");
  const { when } = parseInput(rescheduleSchema, input);
  const now = deps.now?.() ?? new Date();
  const story = await deps.db.$transaction(async (tx) => {
    const [current] = await tx.$queryRaw<
      { status: string; brandId: string; scheduledAt: Date | null; freshnessDeadline: Date | null }[]
    >`SELECT status, "brandId", "scheduledAt", "freshnessDeadline" FROM "Story"
      WHERE id = ${storyId} AND "workspaceId" = ${ctx.workspaceId} FOR UPDATE`;
    if (!current || !canSeeBrand(ctx, current.brandId)) {
      throw new AppError("NOT_FOUND", "This story does not exist or you cannot see it.");
    }
    if (!["SCHEDULED", "IN_REVIEW", "APPROVED", "DRAFT"].includes(current.status)) {
      throw new AppError(
        "CONFLICT",
        `This story is ${current.status.toLowerCase()} and can no longer be moved.`,
      );
    }
    const brand = await tx.brand.findFirstOrThrow({
      where: { id: current.brandId, workspaceId: ctx.workspaceId },
    });
    const time = resolveScheduleTime(when, brand.timeZone, now, horizonOf(deps));
    const warnings = await warningsAt(tx, ctx, brand, storyId, time.scheduledAt);
    const window = keptFreshnessMs(current.scheduledAt, current.freshnessDeadline, DEFAULT_FRESHNESS_MS);
    const updated = await tx.story.update({
      where: { id_workspaceId: { id: storyId, workspaceId: ctx.workspaceId } },
      data: {
        version: { increment: 1 },
        // An approved story whose time had passed waits for a new one: given it, it goes out.
        ...(current.status === "APPROVED" ? { status: "SCHEDULED" as const } : {}),
        scheduledAt: time.scheduledAt,
        scheduledLocal: time.scheduledLocal,
        timeZone: time.timeZone,
        freshnessDeadline: new Date(time.scheduledAt.getTime() + window),
        // A new time is a new chance: overdue is judged (and told) again against it.
        reviewOverdueAt: null,
      },
    });
    await recordAudit(tx, ctx, {
      action: "story.reschedule",
      entityType: "Story",
      entityId: storyId,
      data: { from: current.scheduledAt?.toISOString() ?? null, to: time.scheduledAt.toISOString() },
    });
    return { ...updated, warnings };
  });
  if (story.status === "SCHEDULED") await enqueueDispatchSafely(deps, story);
  return story;
}

/**
 * The story's own content, checked at the new time against the other stories' bookings. A move
 * changes only the time, so content that no longer resolves (an asset deleted since) is not this
 * use case's to refuse: the move goes ahead without warnings, and the edit or the dispatch says
 * what is wrong with the content.
 */
async function warningsAt(
  tx: Prisma.TransactionClient,
  ctx: WorkspaceContext,
  brand: { id: string; name: string },
  storyId: string,
  at: Date,
): Promise<string[]> {
  try {
    const content = await contentOfStory(tx, ctx, storyId);
    const resolved = await resolveContent(tx, ctx, brand, content, { requireReady: false });
    return await scheduleWarnings(tx, ctx, resolved, at, storyId);
  } catch (error) {
    if (isAppError(error)) return [];
    throw error;
  }
}
