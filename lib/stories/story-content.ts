import { PLATFORM_LIMITS, type StoryPlatform } from "@/lib/core/platform-limits";
import { type StoredSticker, storedStickersSchema } from "@/lib/core/stickers";
import {
  type CheckTarget,
  checkStory,
  describeErrors,
  describeWarnings,
  type StoryChecks,
} from "@/lib/core/story-checks";
import type { DbOrTx } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import type { WorkspaceContext } from "@/lib/workspaces/context";
import { quotaBookings, quotaRange } from "./quota-bookings";
import type { FrameContent, StoryContent, TextFrame } from "./schemas";

// What scheduling, drafts and edits share: looking up (in the caller's workspace) the channels
// and media a story's content names, checking it against the platforms' limits, and writing its
// frames and targets.

type Brand = { id: string; name: string };

export type ResolvedContent = {
  content: StoryContent;
  channels: { id: string; platform: StoryPlatform; status: CheckTarget["status"]; displayName: string }[];
  /** The frames in story order: each a found asset, or a text status. */
  frames: ResolvedFrame[];
};

type ResolvedAsset = {
  id: string;
  status: string;
  kind: "IMAGE" | "VIDEO";
  mimeType: string;
  sizeBytes: bigint;
  width: number | null;
  height: number | null;
  durationMs: number | null;
};

export type ResolvedFrame = ResolvedAsset | ({ kind: "TEXT" } & TextFrame);

const notFound = (message: string, field: string) =>
  new AppError("NOT_FOUND", message, { fields: { [field]: message } });
const invalid = (message: string, field: string) =>
  new AppError("INVALID_INPUT", message, { fields: { [field]: message } });

/**
 * Finds the content's channels (of this brand) and media (of this brand, or of no brand in
 * particular). Unknown ids, and ids of another workspace or brand, are "not found". `requireReady` refuses media that is still
 * processing or failed: a draft may wait for it, a schedule may not.
 */
export async function resolveContent(
  db: DbOrTx,
  ctx: WorkspaceContext,
  brand: Brand,
  content: StoryContent,
  options: { requireReady: boolean },
): Promise<ResolvedContent> {
  const channelIds = [...new Set(content.channelIds)];
  const found = await db.channel.findMany({
    where: { id: { in: channelIds }, workspaceId: ctx.workspaceId, brandId: brand.id },
    select: { id: true, platform: true, status: true, displayName: true },
  });
  if (found.length !== channelIds.length) {
    throw notFound(`One of the chosen channels does not belong to ${brand.name}.`, "channelIds");
  }
  const channels = channelIds.flatMap((id) => found.filter((c) => c.id === id));

  const assetIds = content.frames.filter(isAssetId);
  const rows = await db.mediaAsset.findMany({
    // The brand's own media or the workspace-wide kind: what the composer offers for this brand.
    where: {
      id: { in: assetIds },
      workspaceId: ctx.workspaceId,
      OR: [{ brandId: brand.id }, { brandId: null }],
    },
    select: {
      id: true,
      status: true,
      kind: true,
      mimeType: true,
      sizeBytes: true,
      width: true,
      height: true,
      durationMs: true,
    },
  });
  const usable = new Map(
    rows
      .filter((a) => (options.requireReady ? a.status === "READY" : a.status !== "FAILED"))
      .map((a) => [a.id, a]),
  );
  if (assetIds.some((id) => !usable.has(id))) {
    throw notFound("One of the frames' media does not exist or is not ready yet.", "frames");
  }
  const frames = content.frames.map(
    (frame): ResolvedFrame =>
      isAssetId(frame) ? (usable.get(frame) as ResolvedAsset) : { kind: "TEXT", ...frame },
  );

  for (const override of content.overrides) {
    const channel = channels.find((c) => c.id === override.channelId);
    if (!channel) throw invalid("An override names a channel that is not chosen.", "overrides");
    if (override.frames?.some((position) => position >= content.frames.length)) {
      throw invalid(
        `${channel.displayName}: an override names a frame the story does not have.`,
        "overrides",
      );
    }
    if (override.caption && !PLATFORM_LIMITS[channel.platform].caption) {
      throw invalid(`${channel.displayName} shows no caption: only WhatsApp channels take one.`, "overrides");
    }
  }
  for (const sticker of content.stickers) {
    const frame = frames[sticker.frame];
    if (!frame) throw invalid("A sticker names a frame the story does not have.", "stickers");
    // A text status has nowhere to put one: WhatsApp statuses take no stickers.
    if (frame.kind === "TEXT") {
      throw invalid(
        `Frame ${sticker.frame + 1} is a text status: stickers go on a picture or video.`,
        "stickers",
      );
    }
  }
  return { content, channels, frames };
}

/** The stickers stored on one frame: the content's stickers for that position, without it. */
export function stickersOfFrame(content: StoryContent, position: number): StoredSticker[] {
  return content.stickers.filter((s) => s.frame === position).map(({ frame: _frame, ...rest }) => rest);
}

/** A frame of the input that names a media asset (the others are text statuses). */
export function isAssetId(frame: FrameContent): frame is string {
  return typeof frame === "string";
}

/** The frame positions each channel gets: its override's, or all of them. */
export function framesOf(
  resolved: Pick<ResolvedContent, "content">,
  channelId: string,
): number[] | undefined {
  const positions = resolved.content.overrides.find((o) => o.channelId === channelId)?.frames;
  return positions ? [...new Set(positions)].sort((a, b) => a - b) : undefined;
}

export function checkContent(
  resolved: ResolvedContent,
  schedule?: { at: Date; booked: Record<string, number[]> },
): StoryChecks {
  return checkStory({
    title: resolved.content.title,
    frames: resolved.frames.map((f) =>
      f.kind === "TEXT"
        ? { kind: "TEXT", textLength: f.text.length }
        : { ...f, sizeBytes: Number(f.sizeBytes) },
    ),
    targets: resolved.channels.map((c) => ({
      channelId: c.id,
      platform: c.platform,
      name: c.displayName,
      status: c.status,
      frames: framesOf(resolved, c.id),
      caption: resolved.content.overrides.find((o) => o.channelId === c.id)?.caption,
      booked: schedule?.booked[c.id],
    })),
    whatsappText: resolved.content.whatsappText,
    // The stored stickers warn as the composer's do: which of them no API can add.
    stickers: [...new Set(resolved.content.stickers.map((s) => s.kind))],
    at: schedule?.at.getTime(),
  });
}

/**
 * The checks' warnings for content scheduled at `at`, the publishing-quota one included (which
 * needs what is already booked on each channel): the same sentences the composer shows.
 */
export async function scheduleWarnings(
  db: DbOrTx,
  ctx: WorkspaceContext,
  resolved: ResolvedContent,
  at: Date,
  exceptStoryId?: string,
): Promise<string[]> {
  const booked = await quotaBookings(db, ctx, resolved.channels, quotaRange(at), exceptStoryId);
  return describeWarnings(checkContent(resolved, { at, booked }));
}

/** Refuses content with any error in its checks, in the words the composer shows. */
export function assertChecksPass(resolved: ResolvedContent): StoryChecks {
  const checks = checkContent(resolved);
  const errors = describeErrors(checks);
  if (errors.length > 0) {
    const message = errors.join(" ");
    throw new AppError("INVALID_INPUT", message, { fields: { frames: message } });
  }
  return checks;
}

/**
 * Replaces a story's frames and targets with the content's (a story that has not started
 * publishing has no platform ids worth keeping). Each target gets its frames in story order,
 * numbered from 0 on that channel, so the caption goes with the first frame the channel shows.
 */
export async function writeStoryContent(
  tx: Prisma.TransactionClient,
  ctx: WorkspaceContext,
  storyId: string,
  resolved: ResolvedContent,
): Promise<void> {
  const scope = { storyId, workspaceId: ctx.workspaceId };
  // A channel's chosen audience (decision 033) outlives the edit: dropping it with the old target
  // would silently send the status to all contacts.
  const keptAudiences = await tx.targetAudience.findMany({
    where: { workspaceId: ctx.workspaceId, target: { storyId } },
    select: {
      mode: true,
      listId: true,
      listName: true,
      contactIds: true,
      target: { select: { channelId: true } },
    },
  });
  await tx.storyTarget.deleteMany({ where: scope });
  await tx.storyFrame.deleteMany({ where: scope });
  const frames = await tx.storyFrame.createManyAndReturn({
    data: resolved.frames.map((frame, position) =>
      frame.kind === "TEXT"
        ? { ...scope, position, text: frame.text, backgroundColor: frame.backgroundColor ?? null }
        : {
            ...scope,
            position,
            mediaAssetId: frame.id,
            stickers: stickersOfFrame(resolved.content, position),
          },
    ),
  });
  const targets = await tx.storyTarget.createManyAndReturn({
    data: resolved.channels.map((channel) => ({
      ...scope,
      channelId: channel.id,
      captionOverride: resolved.content.overrides.find((o) => o.channelId === channel.id)?.caption || null,
    })),
  });
  await tx.storyTargetFrame.createMany({
    data: targets.flatMap((target) => {
      const positions = framesOf(resolved, target.channelId);
      const chosen = frames
        .filter((f) => positions === undefined || positions.includes(f.position))
        .sort((a, b) => a.position - b.position);
      return chosen.map((frame, position) => ({
        workspaceId: ctx.workspaceId,
        targetId: target.id,
        frameId: frame.id,
        position,
      }));
    }),
  });
  const targetOf = new Map(targets.map((t) => [t.channelId, t.id]));
  const audiences = keptAudiences.flatMap(({ target, ...audience }) => {
    const targetId = targetOf.get(target.channelId);
    return targetId ? [{ ...audience, targetId, workspaceId: ctx.workspaceId }] : [];
  });
  if (audiences.length > 0) await tx.targetAudience.createMany({ data: audiences });
}

/** Locks a story that may still be edited and returns it; others are "not found" or a conflict. */
export async function lockEditableStory(
  tx: Prisma.TransactionClient,
  ctx: WorkspaceContext,
  storyId: string,
  canSee: (brandId: string) => boolean,
) {
  const [story] = await tx.$queryRaw<
    {
      id: string;
      status: string;
      brandId: string;
      scheduledAt: Date | null;
      freshnessDeadline: Date | null;
    }[]
  >`
    SELECT id, status, "brandId", "scheduledAt", "freshnessDeadline" FROM "Story"
    WHERE id = ${storyId} AND "workspaceId" = ${ctx.workspaceId} FOR UPDATE`;
  if (!story || !canSee(story.brandId)) {
    throw new AppError("NOT_FOUND", "This story does not exist or you cannot see it.");
  }
  if (!EDITABLE_STATUSES.includes(story.status)) {
    throw new AppError(
      "CONFLICT",
      `This story is ${story.status.toLowerCase()} and can no longer be edited. Duplicate it to reuse it.`,
    );
  }
  return story;
}

/** A story may be edited until it starts publishing. */
export const EDITABLE_STATUSES = ["DRAFT", "IN_REVIEW", "APPROVED", "SCHEDULED"];

/**
 * A stored story's content in the shape the use cases take, with overrides only where a channel
 * departs from the story (fewer frames, its own caption): what the composer edits and what a
 * duplicate copies.
 */
export async function contentOfStory(
  db: DbOrTx,
  ctx: WorkspaceContext,
  storyId: string,
): Promise<StoryContent> {
  const story = await db.story.findFirstOrThrow({
    where: { id: storyId, workspaceId: ctx.workspaceId },
    select: {
      title: true,
      whatsappText: true,
      frames: {
        orderBy: { position: "asc" },
        select: {
          id: true,
          position: true,
          mediaAssetId: true,
          text: true,
          backgroundColor: true,
          stickers: true,
        },
      },
      targets: {
        orderBy: { createdAt: "asc" },
        select: {
          channelId: true,
          captionOverride: true,
          frames: { orderBy: { position: "asc" }, select: { frameId: true } },
        },
      },
    },
  });
  const positionOf = new Map(story.frames.map((f) => [f.id, f.position]));
  const overrides = story.targets.flatMap((target) => {
    const positions = target.frames.flatMap((f) => positionOf.get(f.frameId) ?? []);
    const subset = positions.length === story.frames.length ? undefined : positions;
    if (subset === undefined && !target.captionOverride) return [];
    return [{ channelId: target.channelId, frames: subset, caption: target.captionOverride ?? undefined }];
  });
  return {
    title: story.title,
    channelIds: story.targets.map((t) => t.channelId),
    frames: story.frames.map(
      (f): FrameContent =>
        f.mediaAssetId ?? { text: f.text ?? "", backgroundColor: f.backgroundColor ?? undefined },
    ),
    whatsappText: story.whatsappText ?? undefined,
    overrides,
    stickers: story.frames.flatMap((f) =>
      storedStickersSchema.parse(f.stickers).map((sticker) => ({ ...sticker, frame: f.position })),
    ),
  };
}
