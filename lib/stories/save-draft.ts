import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import {
  DEFAULT_SCHEDULE_HORIZON_DAYS,
  scheduleTimeProblem,
  WALL_CLOCK_FORMAT_MESSAGE,
} from "@/lib/core/time-bounds";
import { isValidTimeZone } from "@/lib/core/time-zone";
import { parseWallClock, wallClockToInstant } from "@/lib/core/wall-clock";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { assertCan, canSeeBrand, type WorkspaceContext } from "@/lib/workspaces/context";
import { storyContentSchema } from "./schemas";
import { lockEditableStory, resolveContent, writeStoryContent } from "./story-content";

const saveDraftSchema = storyContentSchema.extend({
  /** An existing story to turn back into (or keep as) a draft; omitted = a new draft. */
  storyId: z.string().min(1).max(100).optional(),
  /** The new draft's brand; ignored for an existing story, which keeps its own. */
  brandId: z.string().min(1).max(100).optional(),
  /** The planned wall-clock time in the brand's zone, if one is chosen yet. */
  local: z
    .string()
    .refine((value) => parseWallClock(value) !== null, {
      message: WALL_CLOCK_FORMAT_MESSAGE,
    })
    .optional(),
});

export type SaveDraftInput = z.input<typeof saveDraftSchema>;

/**
 * Saves a story as a DRAFT: nothing is checked against the platforms and nothing is queued, so
 * half-finished work (no channel yet, media still processing, a time already past) can be kept.
 * The channels and media named must still be the caller's. Saving an existing scheduled story as
 * a draft takes it off the schedule: the version bump turns its queued job into a no-op. The
 * planned time may be past, but within the schedule horizon either side of now (time-bounds.ts).
 */
export async function saveDraft(
  deps: { db: Db; now?: () => Date; scheduleHorizonDays?: number },
  ctx: WorkspaceContext,
  input: SaveDraftInput,
) {
  assertCan(ctx, "stories:edit", "save drafts");
  const fields = parseInput(saveDraftSchema, input);
  const now = deps.now?.() ?? new Date();
  const horizonDays = deps.scheduleHorizonDays ?? DEFAULT_SCHEDULE_HORIZON_DAYS;
  return deps.db.$transaction(async (tx) => {
    const existing = fields.storyId
      ? await lockEditableStory(tx, ctx, fields.storyId, (brandId) => canSeeBrand(ctx, brandId))
      : null;
    const brandId = existing?.brandId ?? fields.brandId;
    const brand =
      brandId && canSeeBrand(ctx, brandId)
        ? await tx.brand.findFirst({ where: { id: brandId, workspaceId: ctx.workspaceId } })
        : null;
    if (!brand) {
      const message = "This brand does not exist or you cannot see it.";
      throw new AppError("NOT_FOUND", message, { fields: { brandId: message } });
    }
    const resolved = await resolveContent(tx, ctx, brand, fields, { requireReady: false });
    const planned = plannedTime(fields.local, brand.timeZone);
    const problem = planned
      ? scheduleTimeProblem(planned.scheduledAt, now, {
          horizonDays,
          timeZone: brand.timeZone,
          allowPast: true,
        })
      : null;
    if (problem) throw new AppError("INVALID_INPUT", problem, { fields: { local: problem } });
    const data = {
      title: fields.title,
      whatsappText: fields.whatsappText || null,
      status: "DRAFT" as const,
      scheduledAt: planned?.scheduledAt ?? null,
      scheduledLocal: planned ? fields.local : null,
      timeZone: planned ? brand.timeZone : null,
      freshnessDeadline: null,
    };
    const story = existing
      ? await tx.story.update({
          where: { id_workspaceId: { id: existing.id, workspaceId: ctx.workspaceId } },
          data: { ...data, version: { increment: 1 } },
        })
      : await tx.story.create({
          data: { ...data, workspaceId: ctx.workspaceId, brandId: brand.id, authorId: ctx.userId },
        });
    await writeStoryContent(tx, ctx, story.id, resolved);
    await recordAudit(tx, ctx, {
      action: "story.draft",
      entityType: "Story",
      entityId: story.id,
      data: { from: existing?.status ?? null, frames: fields.frames.length, channels: fields.channelIds },
    });
    return story;
  });
}

function plannedTime(local: string | undefined, timeZone: string) {
  const wall = local ? parseWallClock(local) : null;
  if (!wall || !isValidTimeZone(timeZone)) return null;
  return { scheduledAt: wallClockToInstant(wall, timeZone) };
}
