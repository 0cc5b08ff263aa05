import { createHash } from "node:crypto";
import { getBrand } from "@/lib/brands/get-brand";
import { DEFAULT_SCHEDULE_HORIZON_DAYS, scheduleTimeProblem } from "@/lib/core/time-bounds";
import { isValidTimeZone } from "@/lib/core/time-zone";
import { formatWallClock, parseWallClock, wallClockAt, wallClockToInstant } from "@/lib/core/wall-clock";
import type { DbOrTx } from "@/lib/db/client";
import { assertCan, visibleBrandFilter, type WorkspaceContext } from "@/lib/workspaces/context";
import { listCell, type PlanColumn, type PlanProblem, readPlan } from "./csv-format";

/** A row that passed every check, as the import will schedule it. */
export type PlannedStory = {
  row: number;
  brandId: string;
  channelIds: string[];
  /** Media library ids, in order. */
  frames: string[];
  local: string;
  timeZone: string;
  scheduledAt: Date;
  whatsappText: string | null;
  /** Kept as written: per-frame stickers are not stored yet, so they are not imported. */
  stickers: string[];
  title: string;
  /** Identifies the row's story, so importing the same file again creates nothing new. */
  rowKey: string;
};

export type PlanReport = {
  rows: number;
  stories: PlannedStory[];
  problems: PlanProblem[];
};

export type DryRunDeps = { db: DbOrTx; now?: () => Date; scheduleHorizonDays?: number };

/**
 * Checks a plan CSV without writing anything: every row's brand (by name, one the caller can
 * see), channels (by name or id, of that brand), date and time in the row's zone or the brand's,
 * frames (ids of this workspace's library), and duplicates. Each problem names the
 * row, the column, what is wrong and how to fix it. With `brandId` (the brand's Import page), every
 * row must be for that brand.
 */
export async function dryRunPlan(
  deps: DryRunDeps,
  ctx: WorkspaceContext,
  bytes: Uint8Array,
  options: { brandId?: string } = {},
): Promise<PlanReport> {
  assertCan(ctx, "stories:edit", "import a plan");
  // The brand's Import page names a brand: one the caller cannot see is refused before the file is read.
  if (options.brandId !== undefined) await getBrand(deps.db, ctx, options.brandId);
  const read = readPlan(bytes);
  if (read.problems.length > 0) return { rows: read.rows.length, stories: [], problems: read.problems };
  const now = deps.now?.() ?? new Date();
  const horizonDays = deps.scheduleHorizonDays ?? DEFAULT_SCHEDULE_HORIZON_DAYS;

  // Three queries for the whole file, not three per row: a month of stories for ten clients is
  // thousands of rows, and each lookup below is a Map read.
  const brands = await deps.db.brand.findMany({
    where: visibleBrandFilter(ctx),
    select: { id: true, name: true, timeZone: true, channels: { select: { id: true, displayName: true } } },
  });
  const brandsByName = new Map(brands.map((b) => [b.name.trim().toLowerCase(), b]));
  const mediaIds = [
    ...new Set(read.rows.flatMap((r) => listCell(r.cells.frames)).filter((frame) => !isUrlLike(frame))),
  ];
  const media = await deps.db.mediaAsset.findMany({
    where: { workspaceId: ctx.workspaceId, id: { in: mediaIds } },
    select: { id: true, status: true },
  });
  const mediaById = new Map(media.map((m) => [m.id, m]));
  const onlyBrand = options.brandId ? brands.find((b) => b.id === options.brandId) : undefined;

  const problems: PlanProblem[] = [];
  const stories: PlannedStory[] = [];
  const firstRowOfKey = new Map<string, number>();

  for (const row of read.rows) {
    const before = problems.length;
    const add = (
      column: PlanColumn | null,
      problem: string,
      fix: string,
      severity: "error" | "warning" = "error",
    ) => problems.push({ row: row.row, column, severity, problem, fix });
    const { cells } = row;

    const brand = brandsByName.get(cells.brand.toLowerCase());
    if (!cells.brand)
      add("brand", "The brand is empty.", "Write the brand's name as it appears in StoryRelay.");
    else if (!brand)
      add(
        "brand",
        `There is no brand named "${cells.brand}" that you can see.`,
        `Use one of: ${brands.map((b) => b.name).join(", ") || "(no brands yet)"}.`,
      );
    else if (onlyBrand && brand.id !== onlyBrand.id)
      add(
        "brand",
        `This row is for "${brand.name}", but you are importing into "${onlyBrand.name}".`,
        `Write "${onlyBrand.name}", or import this row from ${brand.name}'s Import page.`,
      );

    const channelIds: string[] = [];
    const channelNames = listCell(cells.channels);
    if (channelNames.length === 0)
      add("channels", "No channel is named.", 'Name one or more of the brand\'s channels, separated by ";".');
    else if (brand) {
      for (const name of channelNames) {
        const channel = brand.channels.find(
          (c) => c.id === name || c.displayName.trim().toLowerCase() === name.toLowerCase(),
        );
        if (channel) channelIds.push(channel.id);
        else
          add(
            "channels",
            `"${name}" is not a channel of ${brand.name}.`,
            `Use one of: ${brand.channels.map((c) => c.displayName).join(", ") || "(connect a channel first)"}.`,
          );
      }
    }

    const timeZone = cells.zone || brand?.timeZone || "";
    if (cells.zone && !isValidTimeZone(cells.zone))
      add(
        "zone",
        `"${cells.zone}" is not a known time zone.`,
        'Use an IANA zone like "Europe/Berlin", or leave it empty for the brand\'s.',
      );
    const dateOk = /^\d{4}-\d{2}-\d{2}$/.test(cells.date) && parseWallClock(`${cells.date}T00:00`) !== null;
    const timeOk = /^\d{2}:\d{2}$/.test(cells.time) && parseWallClock(`2000-01-01T${cells.time}`) !== null;
    if (!dateOk)
      add("date", `"${cells.date}" is not a date.`, "Write the date as 2026-12-01 (year-month-day).");
    if (!timeOk)
      add(
        "time",
        `"${cells.time}" is not a time.`,
        "Write the time as 09:00 or 18:30 (24-hour, in the row's zone).",
      );
    const wall = dateOk && timeOk ? parseWallClock(`${cells.date}T${cells.time}`) : null;
    let scheduledAt: Date | null = null;
    let local = "";
    if (wall && timeZone && isValidTimeZone(timeZone)) {
      scheduledAt = wallClockToInstant(wall, timeZone);
      local = formatWallClock(wallClockAt(scheduledAt, timeZone));
      const written = formatWallClock(wall);
      // Decision 012: a time a clock change skips moves forward by the gap; said, not silent.
      if (local !== written)
        add(
          "time",
          `${cells.time} does not exist on ${cells.date} in ${timeZone} (the clocks skip it); it will be scheduled at ${local.slice(11)}.`,
          "Nothing to do if that is right; otherwise pick a time outside the skipped hour.",
          "warning",
        );
      const problem = scheduleTimeProblem(scheduledAt, now, { horizonDays, timeZone });
      if (problem) add("time", problem, "Change the date or time.");
    }

    const frames: PlannedStory["frames"] = [];
    for (const frame of listCell(cells.frames)) {
      if (isUrlLike(frame)) {
        // Media from a URL is processed in the background before a story may use it; until the
        // import waits for that, a URL is refused here rather than accepted and dropped later.
        if (isHttpUrl(frame))
          add(
            "frames",
            `Frames from a URL (${frame}) are not imported yet.`,
            "Add the file on the Media page (Import from URL) and write its media id here.",
          );
        else add("frames", `"${frame}" is not an http(s) URL.`, "Use a media library id.");
        continue;
      }
      const asset = mediaById.get(frame);
      if (!asset)
        add(
          "frames",
          `There is no media "${frame}" in this workspace's library.`,
          "Copy the id from the Media page, or give the file's https:// URL to import it.",
        );
      else if (asset.status === "FAILED")
        add("frames", `Media "${frame}" failed processing.`, "Upload the file again and use the new id.");
      else frames.push(asset.id);
    }
    if (listCell(cells.frames).length === 0 && !cells.whatsapp_caption)
      add("frames", "The story has no frames.", 'List media ids or URLs, separated by ";".');

    const stickers = listCell(cells.stickers);
    if (stickers.length > 0)
      add(
        "stickers",
        "Planned stickers are not imported yet: the story will be created without them.",
        "Add them by hand when you post, or leave the column empty.",
        "warning",
      );

    if (problems.slice(before).some((p) => p.severity === "error") || !brand || !scheduledAt) continue;
    const story: Omit<PlannedStory, "rowKey"> = {
      row: row.row,
      brandId: brand.id,
      channelIds,
      frames,
      local,
      timeZone,
      scheduledAt,
      whatsappText: cells.whatsapp_caption || null,
      stickers,
      title: cells.title,
    };
    const rowKey = rowKeyOf(story);
    const first = firstRowOfKey.get(rowKey);
    if (first !== undefined) {
      add(
        null,
        `Row ${row.row} is the same story as row ${first}.`,
        `Delete one of rows ${first} and ${row.row}.`,
      );
      continue;
    }
    firstRowOfKey.set(rowKey, row.row);
    stories.push({ ...story, rowKey });
  }
  return { rows: read.rows.length, stories, problems };
}

const isUrlLike = (value: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(value);

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}

/**
 * The story's identity: brand, channels (as a set), instant, frames, caption, stickers and title.
 * The row number is left out, so moving rows around keeps their keys; spacing and the order of
 * channels do not change it either.
 */
export function rowKeyOf(story: Omit<PlannedStory, "rowKey">): string {
  const normalized = JSON.stringify([
    story.brandId,
    [...story.channelIds].sort(),
    story.scheduledAt.toISOString(),
    story.frames,
    story.whatsappText ?? "",
    story.stickers,
    story.title,
  ]);
  return createHash("sha256").update(normalized).digest("hex");
}
