import { recordAudit } from "@/lib/audit/record-audit";
import { keptFreshnessMs } from "@/lib/core/time-bounds";
import { enqueueDispatchSafely } from "@/lib/queue/publish-queues";
import { DEFAULT_FRESHNESS_MS } from "@/lib/queue/timing";
import { parseInput } from "@/lib/validation";
import { assertCan, canSeeBrand, type WorkspaceContext } from "@/lib/workspaces/context";
import { resolveScheduleTime } from "./resolve-schedule-time";
import { horizonOf, type ScheduleDeps } from "./schedule-story";
import { scheduledStatusFor, scheduledStoryData } from "./scheduled-story-data";
import { type UpdateStoryInput, updateStorySchema } from "./schemas";
import {
  assertChecksPass,
  lockEditableStory,
  resolveContent,
  scheduleWarnings,
  writeStoryContent,
} from "./story-content";

/**
 * Replaces the content and time of a story that has not started publishing (a draft being
 * scheduled, or a scheduled story being edited), with the same checks as scheduling. The version
 * bump turns any queued dispatch job into a no-op; the new one is added after the commit. Changed
 * content needs approval again where the brand requires it, even if the old content had it. An
 * edit keeps the story's freshness window; a draft that never had one gets the default. Returns
 * the story with the checks' warnings at its new time (a channel's publishing quota included).
 */
export async function updateStory(
  deps: ScheduleDeps,
  ctx: WorkspaceContext,
  storyId: string,
  input: UpdateStoryInput,
) {
  assertCan(ctx, "stories:edit", "edit stories");
  const fields = parseInput(updateStorySchema, input);
  const now = deps.now?.() ?? new Date();
  const story = await deps.db.$transaction(async (tx) => {
    const current = await lockEditableStory(tx, ctx, storyId, (brandId) => canSeeBrand(ctx, brandId));
    const brand = await tx.brand.findFirstOrThrow({
      where: { id: current.brandId, workspaceId: ctx.workspaceId },
    });
    const resolved = await resolveContent(tx, ctx, brand, fields, { requireReady: true });
    assertChecksPass(resolved);
    const time = resolveScheduleTime(fields.when, brand.timeZone, now, horizonOf(deps));
    const status = scheduledStatusFor(brand);
    // Other stories' bookings only: this story's own frames are replaced by the new ones.
    const warnings = await scheduleWarnings(tx, ctx, resolved, time.scheduledAt, storyId);
    const updated = await tx.story.update({
      where: { id_workspaceId: { id: storyId, workspaceId: ctx.workspaceId } },
      data: {
        version: { increment: 1 },
        ...scheduledStoryData(
          fields,
          time,
          status,
          keptFreshnessMs(current.scheduledAt, current.freshnessDeadline, DEFAULT_FRESHNESS_MS),
        ),
      },
    });
    await writeStoryContent(tx, ctx, storyId, resolved);
    await recordAudit(tx, ctx, {
      action: "story.update",
      entityType: "Story",
      entityId: storyId,
      data: { from: current.status, status, scheduledAt: time.scheduledAt.toISOString() },
    });
    return { ...updated, warnings };
  });
  if (story.status === "SCHEDULED") await enqueueDispatchSafely(deps, story);
  // Warnings do not stop the edit; the caller shows them, as scheduleStory's caller does.
  return story;
}
