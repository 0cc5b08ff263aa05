import "server-only";
import { audienceChannelIds } from "@/app/_lib/audience-channels";
import { listBrandAudienceLists } from "@/lib/audiences/list-brand-audience-lists";
import { listChannels } from "@/lib/channels/list-channels";
import { formatWallClock, wallClockAt } from "@/lib/core/wall-clock";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { isMediaKey } from "@/lib/media/media-key";
import { mediaSigningSecret, signMediaUrl } from "@/lib/media/signed-url";
import { channelAssignee } from "@/lib/publishing/hand-off-target";
import { listComposerMedia } from "@/lib/stories/list-composer-media";
import { quotaBookings, quotaRange } from "@/lib/stories/quota-bookings";
import type { WorkspaceContext } from "@/lib/workspaces/context";
import type { ComposerChannel, MediaItem } from "./composer-types";

/** How long the composer's media links stay valid: a long editing session, not a day. */
const PREVIEW_URL_TTL_MS = 2 * 3_600_000;
/**
 * How far ahead the composer knows each quota-limited channel's bookings, for its live quota
 * warning; a time further out is still checked by the server when the story is scheduled.
 */
const QUOTA_LOOKAHEAD_MS = 90 * 24 * 3_600_000;

/**
 * What the composer needs from the server: the brand's channels (no secrets) and its media with
 * signed, same-origin URLs (relative, so they work whatever PUBLIC_BASE_URL the platforms use).
 */
export async function composerData(
  ctx: WorkspaceContext,
  brandId: string,
  include: string[] = [],
  /** The story being edited, whose own frames do not count against a quota. */
  storyId?: string,
): Promise<{ media: MediaItem[]; channels: ComposerChannel[] }> {
  const [assets, channels, postedBy, audienceLists] = await Promise.all([
    listComposerMedia(db(), ctx, brandId, { include }),
    listChannels(db(), ctx, brandId),
    handoffPeople(ctx, brandId),
    listBrandAudienceLists(db(), ctx, brandId),
  ]);
  const withAudience = new Set(audienceChannelIds(channels));
  const now = new Date();
  const booked = await quotaBookings(
    db(),
    ctx,
    channels,
    { from: quotaRange(now).from, to: new Date(now.getTime() + QUOTA_LOOKAHEAD_MS) },
    storyId,
  );
  const secret = mediaSigningSecret(env());
  const expiresAt = new Date(Date.now() + PREVIEW_URL_TTL_MS);
  const url = (storageKey: string) =>
    isMediaKey(storageKey) ? signMediaUrl({ baseUrl: "", storageKey, expiresAt, secret }) : "";
  return {
    media: assets.map((asset) => ({
      id: asset.id,
      kind: asset.kind,
      ready: asset.status === "READY",
      mimeType: asset.mimeType,
      originalName: asset.originalName,
      sizeBytes: asset.sizeBytes,
      width: asset.width,
      height: asset.height,
      durationMs: asset.durationMs,
      url: url(asset.storageKey),
      thumbUrl: url(asset.thumbnailKey ?? asset.storageKey),
      hasThumbnail: asset.thumbnailKey !== null,
    })),
    channels: channels.map((c) => ({
      id: c.id,
      platform: c.platform,
      displayName: c.displayName,
      status: c.status,
      statusReason: c.statusReason,
      sandbox: c.sandbox,
      booked: booked[c.id],
      postedBy: postedBy.get(c.id) ?? null,
      ...(withAudience.has(c.id) ? { audienceLists: audienceLists.get(c.id) ?? [] } : {}),
    })),
  };
}

/** Per handoff channel of the brand, the name of the member who posts it by hand. */
async function handoffPeople(ctx: WorkspaceContext, brandId: string): Promise<Map<string, string>> {
  const channels = await db().channel.findMany({
    where: { workspaceId: ctx.workspaceId, brandId },
    select: { id: true, config: true },
  });
  const assignees = new Map(
    channels.flatMap((c) => {
      const userId = channelAssignee(c);
      return userId ? [[c.id, userId] as const] : [];
    }),
  );
  const members = await db().membership.findMany({
    where: { workspaceId: ctx.workspaceId, userId: { in: [...assignees.values()] } },
    select: { userId: true, user: { select: { name: true } } },
  });
  const names = new Map(members.map((m) => [m.userId, m.user.name]));
  return new Map(
    [...assignees].map(([channelId, userId]) => [channelId, names.get(userId) ?? "a former member"]),
  );
}

/** The composer's suggested time: the next full hour at least half an hour away, in the brand's zone. */
export function suggestedLocal(timeZone: string): string {
  const wall = wallClockAt(new Date(Date.now() + 90 * 60_000), timeZone);
  return formatWallClock({ ...wall, minute: 0 });
}
