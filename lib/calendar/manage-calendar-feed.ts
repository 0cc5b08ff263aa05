import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import { getBrand } from "@/lib/brands/get-brand";
import type { Db } from "@/lib/db/client";
import { parseInput } from "@/lib/validation";
import { assertCan, type WorkspaceContext } from "@/lib/workspaces/context";

/** sha256 of a feed URL's token, hex: what is stored and looked up. */
export const hashFeedToken = (token: string) => createHash("sha256").update(token).digest("hex");

const feedSchema = z.strictObject({ brandId: z.string().trim().min(1, "Choose a brand.").max(100) });

/** The feed's path below the site: `/calendar/<token>.ics`. */
export const feedPath = (token: string) => `/calendar/${token}.ics`;

/**
 * Creates a brand's iCalendar feed, or rotates it (a new secret URL; the old one answers 404 from
 * now on). Editors and above of a brand they can see; audited. Returns the token: it is shown
 * once, as only its hash is kept.
 */
export async function createOrRotateCalendarFeed(
  deps: { db: Db },
  ctx: WorkspaceContext,
  input: z.input<typeof feedSchema>,
): Promise<{ token: string; path: string; rotated: boolean }> {
  assertCan(ctx, "stories:edit", "manage the brand's calendar feed");
  const { brandId } = parseInput(feedSchema, input);
  const brand = await getBrand(deps.db, ctx, brandId);
  // 32 random bytes: the URL is the only key, so it must not be guessable.
  const token = randomBytes(32).toString("base64url");
  const tokenHash = hashFeedToken(token);
  const rotated = await deps.db.$transaction(async (tx) => {
    const existing = await tx.calendarFeed.findFirst({
      where: { brandId: brand.id, workspaceId: ctx.workspaceId },
      select: { id: true },
    });
    const feed = existing
      ? await tx.calendarFeed.update({
          where: { id: existing.id },
          data: { tokenHash, createdById: ctx.userId },
        })
      : await tx.calendarFeed.create({
          data: { workspaceId: ctx.workspaceId, brandId: brand.id, tokenHash, createdById: ctx.userId },
        });
    await recordAudit(tx, ctx, {
      action: existing ? "calendar_feed.rotate" : "calendar_feed.create",
      entityType: "CalendarFeed",
      entityId: feed.id,
      data: { brandId: brand.id },
    });
    return existing !== null;
  });
  return { token, path: feedPath(token), rotated };
}

/** Revokes a brand's feed: its URL answers 404 from now on. Editors and above; audited. */
export async function revokeCalendarFeed(
  deps: { db: Db },
  ctx: WorkspaceContext,
  input: z.input<typeof feedSchema>,
): Promise<{ revoked: boolean }> {
  assertCan(ctx, "stories:edit", "manage the brand's calendar feed");
  const { brandId } = parseInput(feedSchema, input);
  const brand = await getBrand(deps.db, ctx, brandId);
  return deps.db.$transaction(async (tx) => {
    const feed = await tx.calendarFeed.findFirst({
      where: { brandId: brand.id, workspaceId: ctx.workspaceId },
      select: { id: true },
    });
    if (!feed) return { revoked: false };
    await tx.calendarFeed.delete({ where: { id: feed.id } });
    await recordAudit(tx, ctx, {
      action: "calendar_feed.revoke",
      entityType: "CalendarFeed",
      entityId: feed.id,
      data: { brandId: brand.id },
    });
    return { revoked: true };
  });
}

/** Whether a brand has a feed, and since when (the settings show it; the URL itself is not kept). */
export async function getCalendarFeedStatus(
  deps: { db: Db },
  ctx: WorkspaceContext,
  input: z.input<typeof feedSchema>,
): Promise<{ since: Date } | null> {
  const { brandId } = parseInput(feedSchema, input);
  const brand = await getBrand(deps.db, ctx, brandId);
  const feed = await deps.db.calendarFeed.findFirst({
    where: { brandId: brand.id, workspaceId: ctx.workspaceId },
    select: { updatedAt: true },
  });
  return feed ? { since: feed.updatedAt } : null;
}
