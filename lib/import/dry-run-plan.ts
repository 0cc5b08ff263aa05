import { createHash } from "node:crypto";
import { isIP } from "node:net";
import { getBrand } from "@/lib/brands/get-brand";
import type { Sticker } from "@/lib/core/stickers";
import { DEFAULT_SCHEDULE_HORIZON_DAYS, scheduleTimeProblem } from "@/lib/core/time-bounds";
import { isValidTimeZone } from "@/lib/core/time-zone";
import { formatWallClock, parseWallClock, wallClockAt, wallClockToInstant } from "@/lib/core/wall-clock";
import type { DbOrTx } from "@/lib/db/client";
import { isPublicAddress } from "@/lib/net/address-policy";
import { assertCan, visibleBrandFilter, type WorkspaceContext } from "@/lib/workspaces/context";
import { listCell, type PlanColumn, type PlanProblem, readPlan } from "./csv-format";
import { parseStickersCell } from "./plan-stickers";

/** A row that passed every check, as the import will schedule it. */
export type PlannedStory = {
  row: number;
  brandId: string;
  channelIds: string[];
  /**
   * Media library ids and http(s) URLs, in order, as written: the import fetches each URL into the
   * library (lib/import/fetch-plan-media.ts), and the row's key keeps the URL, so importing the
   * file again skips the row without fetching anything.
   */
  frames: string[];
  local: string;
  timeZone: string;
  scheduledAt: Date;
  whatsappText: string | null;
  /** Stickers on the frames, each naming its frame by 0-based position (see plan-stickers.ts). */
  stickers: Sticker[];
  title: string;
  /** Identifies the row's story, so importing the same file again creates nothing new. */
  rowKey: string;
};

export type PlanReport = {
  rows: number;
  stories: PlannedStory[];
  problems: PlanProblem[];
};

export type DryRunDeps = {
  db: DbOrTx;
  now?: () => Date;
  scheduleHorizonDays?: number;
  /** ALLOW_PRIVATE_URLS: frame URLs may be http:// and lead to private addresses (sandbox, tests). */
  allowPrivateUrls?: boolean;
};

/**
 * Checks a plan CSV without writing anything: every row's brand (by name, one the caller can
 * see), channels (by name or id, of that brand), date and time in the row's zone or the brand's,
 * frames (ids of this workspace's library, or URLs whose shape and address the URL policy allows:
 * nothing is fetched here, the import does that), and duplicates. Each problem names the
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
    ...new Set(read.rows.flatMap((r) => listCell(r.cells.frames)).filter((frame) => !isFrameUrl(frame))),
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
      if (isFrameUrl(frame)) {
        // Only the URL's shape and address here: fetching is the import's (it stays fast and
        // writes nothing); safeFetch checks the address again, for every redirect, when it does.
        const refusal = urlFrameProblem(frame, deps.allowPrivateUrls ?? false);
        if (refusal) add("frames", refusal.problem, refusal.fix);
        else frames.push(frame);
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

    const { stickers, problems: stickerProblems } = parseStickersCell(
      cells.stickers,
      listCell(cells.frames).length,
    );
    for (const { problem, fix } of stickerProblems) add("stickers", problem, fix);

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

/** A frame written as a URL (a scheme and "://") rather than a media library id. */
export const isFrameUrl = (value: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(value);

const MAX_FRAME_URL_LENGTH = 2048;

/**
 * Why a frame URL cannot be fetched, judged from the text alone: not http(s), http without the
 * private-URL allowance, credentials in it, or a host that is a private address or localhost
 * (a name that resolves to one is refused by the import's fetch, which checks every address).
 */
function urlFrameProblem(value: string, allowPrivate: boolean): { problem: string; fix: string } | null {
  const fix = "Write the file's public https:// address, or its media library id.";
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { problem: `"${value}" is not a valid URL.`, fix };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    return { problem: `"${value}" is not an http(s) URL, so it cannot be fetched.`, fix };
  if (value.length > MAX_FRAME_URL_LENGTH)
    return {
      problem: `The URL ${value.slice(0, 60)}… is longer than ${MAX_FRAME_URL_LENGTH} characters.`,
      fix: "Use a shorter address for the file, or upload it on the Media page and write its id.",
    };
  if (url.protocol === "http:" && !allowPrivate)
    return {
      problem: `${value} is http://: frames are fetched over https only.`,
      fix: "Write the file's https:// address.",
    };
  if (url.username || url.password)
    return {
      problem: `${url.host} in the URL carries a user name or password.`,
      fix: "Use an address that needs no sign-in (the file must be public), or upload the file on the Media page.",
    };
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const privateHost =
    host === "localhost" || host.endsWith(".localhost") || (isIP(host) !== 0 && !isPublicAddress(host));
  if (privateHost && !allowPrivate)
    return {
      problem: `${value} points at a private or local address, which StoryRelay does not fetch.`,
      fix,
    };
  return null;
}

/**
 * The story's identity: brand, channels (as a set), instant, frames, caption, stickers and title.
 * The row number is left out, so moving rows around keeps their keys; spacing, the order of
 * channels and the order of stickers across frames (the export writes them frame by frame) do not
 * change it either.
 */
export function rowKeyOf(story: Omit<PlannedStory, "rowKey">): string {
  const normalized = JSON.stringify([
    story.brandId,
    [...story.channelIds].sort(),
    story.scheduledAt.toISOString(),
    story.frames,
    story.whatsappText ?? "",
    // A stable sort: the stickers of one frame keep the order they were written in.
    [...story.stickers].sort((a, b) => a.frame - b.frame),
    story.title,
  ]);
  return createHash("sha256").update(normalized).digest("hex");
}
