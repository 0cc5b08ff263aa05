import { PLATFORM_LIMITS, STICKER_LABELS, stickersByHand } from "@/lib/core/platform-limits";
import type { StoredSticker } from "@/lib/core/stickers";
import type { Platform } from "@/lib/db/generated/enums";
import { notify } from "@/lib/notifications/notify";
import type { Claim } from "./claim-target";
import type { PipelineDeps } from "./deps";

/** A channel whose stories a person posts by hand (WhatsApp without a gateway, say). */
export function isHandoffChannel(channel: { config: unknown }): boolean {
  return (channel.config as { mode?: unknown } | null)?.mode === "handoff";
}

/** The member a handoff channel names as the one who posts; null for other channels. */
export function channelAssignee(channel: { config: unknown }): string | null {
  const assignee = (channel.config as { assigneeUserId?: unknown } | null)?.assigneeUserId;
  return isHandoffChannel(channel) && typeof assignee === "string" ? assignee : null;
}

/**
 * Whether a target goes to a person instead of the platform's API (decision 023): its channel is
 * a handoff channel, or one of its frames carries a sticker that platform's API cannot add (a link
 * sticker on Instagram), which a story published without would silently lose.
 */
export function needsHandoff(target: {
  channel: { platform: Platform; config: unknown };
  frames: { stickers: readonly StoredSticker[] }[];
}): boolean {
  return (
    isHandoffChannel(target.channel) ||
    target.frames.some((frame) => stickersByHand(target.channel.platform, frame.stickers).length > 0)
  );
}

/**
 * Who is told to post a handed-off target: a handoff channel's assignee; for a channel handed off
 * because of its stickers, the story's author (who planned them). notify() falls back to the
 * owners and admins who can see the brand when that person is gone.
 */
export function handoffAssignee(
  channel: { config: unknown },
  story: { authorId: string | null },
): string | null {
  return isHandoffChannel(channel) ? channelAssignee(channel) : story.authorId;
}

/**
 * At the due time, a handed-off target waits for a person instead of calling a platform: the
 * assignee (or the owners and admins when there is none) gets a `handoff.due` notice linking to
 * the handoff page (/handoffs/<targetId>), where the media, the stickers and the caption are
 * ready to download and copy and where they say it is posted (complete-handoff.ts). Notifying twice
 * is avoided by the state change itself: only the run that moves the target to AWAITING_PERSON
 * sends the notice, so a sweep or a duplicate job that runs it again tells nobody.
 */
export async function handOffTarget(
  deps: PipelineDeps,
  target: {
    id: string;
    workspaceId: string;
    captionOverride: string | null;
    story: { id: string; title: string; whatsappText: string | null };
    channel: { brandId: string; platform: Platform; displayName: string; config: unknown };
    frames: { media: unknown; text: string | null; stickers: StoredSticker[] }[];
  },
  claim: Claim,
  attemptId: string,
): Promise<void> {
  const now = deps.now();
  await deps.db.$transaction(async (tx) => {
    const moved = await tx.storyTarget.updateMany({
      where: { id: target.id, leaseToken: claim.token },
      data: { state: "AWAITING_PERSON", leaseToken: null, leaseExpiresAt: null, nextAttemptAt: null },
    });
    await tx.publishAttempt.update({
      where: { id: attemptId },
      data: { outcome: "SUCCEEDED", detail: { handoff: true }, finishedAt: now },
    });
    if (moved.count !== 1) return;
    const story = await tx.story.findUniqueOrThrow({
      where: { id: target.story.id },
      select: { authorId: true },
    });
    await notify(tx, {
      kind: "handoff.due",
      workspaceId: target.workspaceId,
      brandId: target.channel.brandId,
      userIds: [handoffAssignee(target.channel, story)],
      title: `Post now: ${target.story.title || "A story"} on ${target.channel.displayName}`,
      body: handoffBody(target),
      path: `/handoffs/${target.id}`,
    });
  });
}

/** What the person posts: the caption, each text status and the stickers spelled out. */
function handoffBody(target: Parameters<typeof handOffTarget>[1]): string {
  const caption = PLATFORM_LIMITS[target.channel.platform].caption
    ? (target.captionOverride ?? target.story.whatsappText)
    : null;
  const texts = target.frames.flatMap((f) => (f.media === null && f.text ? [`"${f.text}"`] : []));
  const hasMedia = target.frames.some((f) => f.media !== null);
  const byHand = [
    ...new Set(
      target.frames.flatMap((f) =>
        stickersByHand(target.channel.platform, f.stickers).map((s) => STICKER_LABELS[s.kind].toLowerCase()),
      ),
    ),
  ];
  return [
    "It is due now.",
    byHand.length > 0 ? `Its API cannot add the ${byHand.join(", ")}: post it by hand with them.` : "",
    caption && hasMedia ? `Caption: "${caption}".` : "",
    texts.length > 0 ? `Text status${texts.length > 1 ? "es" : ""}: ${texts.join(", ")}.` : "",
    hasMedia ? "Download the media, post it, then mark it posted." : "Post it, then mark it posted.",
  ]
    .filter(Boolean)
    .join(" ");
}
