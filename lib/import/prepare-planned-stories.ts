import { needsApproval } from "@/lib/core/approval-policy";
import { PLATFORM_LIMITS } from "@/lib/core/platform-limits";
import { describeErrors, describeWarnings } from "@/lib/core/story-checks";
import type { DbOrTx } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { quotaBookings } from "@/lib/stories/quota-bookings";
import { resolveScheduleTime } from "@/lib/stories/resolve-schedule-time";
import { scheduleStorySchema } from "@/lib/stories/schemas";
import { checkContent, type ResolvedContent, type ResolvedFrame } from "@/lib/stories/story-content";
import { parseInput } from "@/lib/validation";
import type { WorkspaceContext } from "@/lib/workspaces/context";
import type { PlanProblem } from "./csv-format";
import type { PlannedStory } from "./dry-run-plan";

/** A row ready to be written: the checks of scheduleStory passed, its status decided. */
export type PreparedStory = {
  planned: PlannedStory;
  resolved: ResolvedContent;
  status: "IN_REVIEW" | "SCHEDULED";
  scheduledAt: Date;
  scheduledLocal: string;
  timeZone: string;
  title: string;
  whatsappText: string | null;
};

const MEDIA_NOT_USABLE = "One of the frames' media does not exist or is not ready yet.";

/**
 * The checks scheduleStory makes for one story (input schema, the brand's channels, ready media of
 * the brand or of no brand, the platforms' limits, the schedule window), made for a whole plan with
 * one query per kind instead of several per row. A row that fails is reported by row (and not
 * written); the warnings of the checks, the publishing quota's included, are reported too. The quota
 * counts what is booked already plus the rows before it in the file.
 */
export async function preparePlannedStories(
  deps: { db: DbOrTx; now?: () => Date; scheduleHorizonDays: number },
  ctx: WorkspaceContext,
  stories: readonly PlannedStory[],
): Promise<{ prepared: PreparedStory[]; failures: PlanProblem[]; warnings: PlanProblem[] }> {
  const now = deps.now?.() ?? new Date();
  const brandIds = [...new Set(stories.map((s) => s.brandId))];
  const assetIds = [...new Set(stories.flatMap((s) => s.frames))];
  const [brands, channels, assets] = await Promise.all([
    deps.db.brand.findMany({
      where: { workspaceId: ctx.workspaceId, id: { in: brandIds } },
      select: { id: true, name: true, timeZone: true, approvalPolicy: true },
    }),
    deps.db.channel.findMany({
      where: { workspaceId: ctx.workspaceId, brandId: { in: brandIds } },
      select: { id: true, brandId: true, platform: true, status: true, displayName: true },
    }),
    deps.db.mediaAsset.findMany({
      where: { workspaceId: ctx.workspaceId, id: { in: assetIds } },
      select: {
        id: true,
        brandId: true,
        status: true,
        kind: true,
        mimeType: true,
        sizeBytes: true,
        width: true,
        height: true,
        durationMs: true,
      },
    }),
  ]);
  const brandById = new Map(brands.map((b) => [b.id, b]));
  const channelById = new Map(channels.map((c) => [c.id, c]));
  const assetById = new Map(assets.map((a) => [a.id, a]));

  // Every quota-limited channel's bookings over the whole plan's span, read once; each row's
  // frames are added as it is prepared, so a plan that overbooks a channel is warned about.
  const times = stories.map((s) => s.scheduledAt.getTime());
  const widest = Math.max(
    0,
    ...Object.values(PLATFORM_LIMITS).map((limits) => limits.publishingQuota?.windowMs ?? 0),
  );
  const booked =
    stories.length === 0
      ? {}
      : await quotaBookings(deps.db, ctx, channels, {
          from: new Date(Math.min(...times) - widest),
          to: new Date(Math.max(...times) + widest),
        });
  const bookedNear = (channelId: string, at: number) =>
    booked[channelId]?.filter((t) => t > at - widest && t < at + widest);

  const prepared: PreparedStory[] = [];
  const failures: PlanProblem[] = [];
  const warnings: PlanProblem[] = [];
  const fail = (row: number, problem: string) =>
    failures.push({
      row,
      column: null,
      severity: "error",
      problem,
      fix: "Fix the row and import the file again: the rows already imported are skipped.",
    });

  for (const planned of stories) {
    const brand = brandById.get(planned.brandId);
    if (!brand) {
      fail(planned.row, "The brand no longer exists.");
      continue;
    }
    try {
      const fields = parseInput(scheduleStorySchema, {
        brandId: planned.brandId,
        channelIds: planned.channelIds,
        frames: planned.frames,
        stickers: planned.stickers,
        title: planned.title,
        whatsappText: planned.whatsappText ?? undefined,
        when: { local: planned.local, timeZone: planned.timeZone },
      });
      const rowChannels = [...new Set(fields.channelIds)].map((id) => channelById.get(id));
      if (rowChannels.some((c) => c?.brandId !== brand.id)) {
        fail(planned.row, `One of the chosen channels does not belong to ${brand.name}.`);
        continue;
      }
      const frames: ResolvedFrame[] = [];
      for (const id of fields.frames) {
        const asset = typeof id === "string" ? assetById.get(id) : undefined;
        if (asset?.status !== "READY" || (asset.brandId !== null && asset.brandId !== brand.id)) break;
        frames.push(asset);
      }
      if (frames.length !== fields.frames.length) {
        fail(planned.row, MEDIA_NOT_USABLE);
        continue;
      }
      const resolved: ResolvedContent = {
        content: fields,
        channels: rowChannels.flatMap((c) => (c ? [c] : [])),
        frames,
      };
      const errors = describeErrors(checkContent(resolved));
      if (errors.length > 0) {
        fail(planned.row, errors.join(" "));
        continue;
      }
      const time = resolveScheduleTime(fields.when, brand.timeZone, now, deps.scheduleHorizonDays);
      const at = time.scheduledAt.getTime();
      const rowBooked = Object.fromEntries(
        resolved.channels.flatMap((c) => {
          const near = bookedNear(c.id, at);
          return near ? [[c.id, near]] : [];
        }),
      );
      for (const warning of describeWarnings(
        checkContent(resolved, { at: time.scheduledAt, booked: rowBooked }),
      ))
        warnings.push({
          row: planned.row,
          column: null,
          severity: "warning",
          problem: warning,
          fix: "Nothing to do if that is right; otherwise change the row and import again.",
        });
      for (const channel of resolved.channels) booked[channel.id]?.push(...frames.map(() => at));
      prepared.push({
        planned,
        resolved,
        status: needsApproval(brand.approvalPolicy) ? "IN_REVIEW" : "SCHEDULED",
        scheduledAt: time.scheduledAt,
        scheduledLocal: time.scheduledLocal,
        timeZone: time.timeZone,
        title: fields.title,
        whatsappText: fields.whatsappText || null,
      });
    } catch (error) {
      if (!isAppError(error)) throw error;
      fail(planned.row, error.message);
    }
  }
  return { prepared, failures, warnings };
}
