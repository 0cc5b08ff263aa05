"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import type { ActionState } from "@/app/_lib/action-state";
import { workspaceAction } from "@/app/_lib/server-action";
import { createOrRotateCalendarFeed, revokeCalendarFeed } from "@/lib/calendar/manage-calendar-feed";

/** Where calendar apps reach this installation: PUBLIC_BASE_URL, else the host the browser used. */
async function siteOrigin(configured: string | undefined): Promise<string> {
  if (configured) return configured.replace(/\/$/, "");
  const sent = await headers();
  const host = sent.get("x-forwarded-host") ?? sent.get("host") ?? "localhost";
  return `${sent.get("x-forwarded-proto") ?? "http"}://${host}`;
}

export async function createCalendarFeedAction(
  slug: string,
  brandId: string,
  _prev: ActionState,
  formData: FormData,
): Promise<ActionState> {
  return workspaceAction(slug, { args: { brandId }, form: formData }, async (ctx, deps) => {
    const feed = await createOrRotateCalendarFeed(deps, ctx, { brandId });
    const url = `${await siteOrigin(deps.env.PUBLIC_BASE_URL)}${feed.path}`;
    revalidatePath(`/w/${slug}/brands/${brandId}`);
    return {
      ok: true,
      message: `${feed.rotated ? "New feed URL (the old one no longer works)" : "Feed URL"}: ${url} — copy it now into your calendar app; it is shown only once.`,
      data: { url },
    };
  });
}

export async function revokeCalendarFeedAction(
  slug: string,
  brandId: string,
  _prev: ActionState,
  formData: FormData,
): Promise<ActionState> {
  return workspaceAction(slug, { args: { brandId }, form: formData }, async (ctx, deps) => {
    const { revoked } = await revokeCalendarFeed(deps, ctx, { brandId });
    revalidatePath(`/w/${slug}/brands/${brandId}`);
    return {
      ok: true,
      message: revoked ? "Revoked: the feed URL answers nothing any more." : "There was no feed to revoke.",
    };
  });
}
