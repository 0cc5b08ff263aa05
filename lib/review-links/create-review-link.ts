import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import { getBrand } from "@/lib/brands/get-brand";
import { parseWallClock, wallClockToInstant } from "@/lib/core/wall-clock";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";
import { signReviewToken } from "./review-token";

export const REVIEW_LINK_DEFAULT_DAYS = 7;
export const REVIEW_LINK_MAX_DAYS = 30;
/** The longest date range one link covers: a month of stories and a little more. */
const MAX_RANGE_DAYS = 62;
const DAY_MS = 86_400_000;

const plainDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Pick a date (yyyy-mm-dd).");

export const createReviewLinkSchema = z
  .strictObject({
    label: z.string().trim().max(120, "Keep the label under 120 characters.").default(""),
    expiresInDays: z.coerce
      .number()
      .int("Pick a whole number of days.")
      .min(1, "A link lasts at least 1 day.")
      .max(REVIEW_LINK_MAX_DAYS, `A link lasts at most ${REVIEW_LINK_MAX_DAYS} days.`)
      .default(REVIEW_LINK_DEFAULT_DAYS),
    from: plainDate.optional(),
    to: plainDate.optional(),
    storyIds: z
      .array(z.string().trim().min(1).max(100))
      .max(200, "Share at most 200 stories in one link.")
      .optional(),
  })
  .refine((v) => (v.from && v.to) || (v.storyIds && v.storyIds.length > 0), {
    message: "Pick a date range or select at least one story.",
    path: ["storyIds"],
  })
  .refine((v) => !(v.from && v.to && v.storyIds && v.storyIds.length > 0), {
    message: "Share either a date range or a selection of stories, not both.",
    path: ["storyIds"],
  });

/** The instant a plain date's midnight denotes in `timeZone` (the daylight-saving rule of decision 012). */
function midnight(date: string, timeZone: string, field: string): Date {
  const wall = parseWallClock(`${date}T00:00`);
  if (!wall)
    throw new AppError("INVALID_INPUT", `${date} is not a date.`, { fields: { [field]: "Not a date." } });
  return wallClockToInstant(wall, timeZone);
}

/** The plain date after `date` ("2027-02-28" → "2027-03-01"); a date that is not real stays invalid. */
function nextDay(date: string): string {
  const ms = Date.parse(`${date}T00:00:00Z`);
  return Number.isNaN(ms) ? date : new Date(ms + DAY_MS).toISOString().slice(0, 10);
}

/**
 * Makes a review link for some of a brand's stories, for a client without an account: a date
 * range in the brand's zone (both days included) or an explicit selection of the brand's stories.
 * It expires after 1–30 days (7 by default) and can be revoked. Returns the link with its URL
 * token, which is signed rather than stored (review-token.ts).
 */
export async function createReviewLink(
  deps: { db: Db; authSecret: string; now?: () => Date },
  ctx: WorkspaceContext,
  brandId: string,
  input: z.input<typeof createReviewLinkSchema>,
) {
  assertCan(ctx, "stories:edit", "share stories for review");
  const fields = parseInput(createReviewLinkSchema, input);
  const brand = await getBrand(deps.db, ctx, brandId);
  const now = deps.now?.() ?? new Date();
  let range: { fromDate: string; toDate: string; startsAt: Date; endsAt: Date } | null = null;
  if (fields.from && fields.to) {
    const startsAt = midnight(fields.from, brand.timeZone, "from");
    // The end day is included: the range ends at the next day's midnight.
    const endsAt = midnight(nextDay(fields.to), brand.timeZone, "to");
    if (endsAt <= startsAt) {
      throw new AppError("INVALID_INPUT", "The range ends before it starts: pick a later end date.", {
        fields: { to: "Pick a date on or after the start." },
      });
    }
    if (endsAt.getTime() - startsAt.getTime() > MAX_RANGE_DAYS * DAY_MS + 3 * 3_600_000) {
      throw new AppError(
        "INVALID_INPUT",
        `A link covers at most ${MAX_RANGE_DAYS} days: pick a shorter range.`,
        {
          fields: { to: `At most ${MAX_RANGE_DAYS} days after the start.` },
        },
      );
    }
    range = { fromDate: fields.from, toDate: fields.to, startsAt, endsAt };
  }
  const storyIds = range ? [] : [...new Set(fields.storyIds ?? [])];
  if (storyIds.length > 0) {
    const found = await deps.db.story.count({
      where: { id: { in: storyIds }, workspaceId: ctx.workspaceId, brandId: brand.id },
    });
    if (found !== storyIds.length) {
      throw new AppError("NOT_FOUND", `Some selected stories are not ${brand.name}'s: select them again.`, {
        fields: { storyIds: "Select stories of this brand." },
      });
    }
  }
  // Whole seconds: the token carries the expiry in seconds and must name the row's exactly.
  const expiresAt = new Date(Math.floor((now.getTime() + fields.expiresInDays * DAY_MS) / 1000) * 1000);
  const link = await deps.db.$transaction(async (tx) => {
    const created = await tx.reviewLink.create({
      data: {
        workspaceId: ctx.workspaceId,
        brandId: brand.id,
        createdById: ctx.userId,
        label:
          fields.label || (range ? `${range.fromDate} to ${range.toDate}` : `${storyIds.length} stories`),
        expiresAt,
        ...(range ?? {}),
      },
    });
    if (storyIds.length > 0) {
      await tx.reviewLinkStory.createMany({
        data: storyIds.map((storyId) => ({
          workspaceId: ctx.workspaceId,
          reviewLinkId: created.id,
          storyId,
        })),
      });
    }
    await recordAudit(tx, ctx, {
      action: "review_link.create",
      entityType: "ReviewLink",
      entityId: created.id,
      data: {
        brandId: brand.id,
        expiresAt: expiresAt.toISOString(),
        ...(range ? { from: range.fromDate, to: range.toDate } : { storyIds }),
      },
    });
    return created;
  });
  return { link, token: signReviewToken(deps.authSecret, link) };
}
