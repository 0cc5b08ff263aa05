import { writeTargetAudiences } from "@/lib/audiences/write-target-audiences";
import { recordAudit } from "@/lib/audit/record-audit";
import { getBrand } from "@/lib/brands/get-brand";
import { DEFAULT_SCHEDULE_HORIZON_DAYS } from "@/lib/core/time-bounds";
import type { Db } from "@/lib/db/client";
import type { Logger } from "@/lib/logger";
import { enqueueDispatchSafely, type PublishQueues } from "@/lib/queue/publish-queues";
import { DEFAULT_FRESHNESS_MS } from "@/lib/queue/timing";
import { parseInput } from "@/lib/validation";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";
import { resolveScheduleTime } from "./resolve-schedule-time";
import { scheduledStatusFor, scheduledStoryData } from "./scheduled-story-data";
import { type ScheduleStoryInput, scheduleStorySchema } from "./schemas";
import { assertChecksPass, resolveContent, scheduleWarnings, writeStoryContent } from "./story-content";

export type ScheduleDeps = {
  db: Db;
  queues: PublishQueues;
  logger: Logger;
  now?: () => Date;
  /** SCHEDULE_HORIZON_DAYS: how far ahead a story may be scheduled; the default year when left out. */
  scheduleHorizonDays?: number;
};

/** The configured horizon, or the default (tests and callers that do not configure one). */
export const horizonOf = (deps: { scheduleHorizonDays?: number }) =>
  deps.scheduleHorizonDays ?? DEFAULT_SCHEDULE_HORIZON_DAYS;

/**
 * Validates and writes a story with its frames and one target per channel (with the per-channel
 * overrides), refusing it when the platform checks (lib/core/story-checks.ts) find an error, then
 * (after the commit) adds its delayed dispatch job. A brand that requires approval gets the story IN_REVIEW
 * instead of SCHEDULED, and returns it with the checks' warnings at its time (a channel's publishing
 * quota included). If adding the job fails, the story is still scheduled: the sweep adds
 * missing dispatch jobs, so Redis is never the only record of a schedule.
 */
export async function scheduleStory(
  deps: ScheduleDeps,
  ctx: WorkspaceContext,
  input: ScheduleStoryInput,
  /** importKey: the plan CSV row the story comes from (lib/import); unique per workspace. */
  options: { importKey?: string } = {},
) {
  assertCan(ctx, "stories:edit", "schedule stories");
  const fields = parseInput(scheduleStorySchema, input);
  const now = deps.now?.() ?? new Date();
  const brand = await getBrand(deps.db, ctx, fields.brandId, { field: "brandId" });

  const resolved = await resolveContent(deps.db, ctx, brand, fields, { requireReady: true });
  assertChecksPass(resolved);

  const time = resolveScheduleTime(fields.when, brand.timeZone, now, horizonOf(deps));
  const freshnessMs = fields.freshnessMinutes ? fields.freshnessMinutes * 60_000 : DEFAULT_FRESHNESS_MS;
  const status = scheduledStatusFor(brand);
  // Read before this story is written, so it does not count against itself.
  const warnings = await scheduleWarnings(deps.db, ctx, resolved, time.scheduledAt);

  const story = await deps.db.$transaction(async (tx) => {
    const created = await tx.story.create({
      data: {
        workspaceId: ctx.workspaceId,
        brandId: brand.id,
        authorId: ctx.userId,
        importKey: options.importKey ?? null,
        ...scheduledStoryData(fields, time, status, freshnessMs),
      },
    });
    await writeStoryContent(tx, ctx, created.id, resolved);
    // In the same transaction, so a story published at once cannot leave before its audience.
    await writeTargetAudiences(tx, ctx, created.id, fields.audiences);
    await recordAudit(tx, ctx, {
      action: "story.schedule",
      entityType: "Story",
      entityId: created.id,
      data: { scheduledAt: time.scheduledAt.toISOString(), channels: fields.channelIds, status },
    });
    return created;
  });

  if (status === "SCHEDULED") await enqueueDispatchSafely(deps, story);
  // Warnings do not stop scheduling; the caller shows them (the API returns them with the story).
  return { ...story, warnings };
}
