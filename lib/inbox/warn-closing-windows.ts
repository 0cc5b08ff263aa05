import { STORY_PLATFORMS } from "@/lib/core/platforms/registry";
import type { Db } from "@/lib/db/client";
import type { Platform } from "@/lib/db/generated/enums";
import { notify } from "@/lib/notifications/notify";

/** How long before the window closes the assignee is told. */
export const WARN_BEFORE_MS = 3_600_000;
const BATCH = 500;

/**
 * The "window closing" notice: a conversation whose person wrote last, still unanswered, whose
 * platform's reply window (the descriptor's hours; none on WhatsApp) closes within the hour, is
 * told to its assignee (unassigned: the owners and admins, notify's fallback) once per window:
 * windowWarnedFor records the lastInboundAt it was sent for, so a new message from the person
 * opens a new window and a new notice, and a repeated sweep sends nothing. Returns how many were sent.
 */
export async function warnClosingWindows(
  deps: { db: Db; replyWindowHours: (platform: Platform) => number | null },
  now: Date,
  options: { workspaceId?: string } = {},
): Promise<number> {
  let sent = 0;
  const platforms = STORY_PLATFORMS.filter((platform) => deps.replyWindowHours(platform) !== null);
  for (const platform of platforms) {
    const windowMs = (deps.replyWindowHours(platform) ?? 0) * 3_600_000;
    // Inbound between (now - window) and (now - window + an hour): open, closing within the hour.
    const candidates = await deps.db.conversation.findMany({
      where: {
        ...(options.workspaceId ? { workspaceId: options.workspaceId } : {}),
        status: "OPEN",
        channel: { platform },
        lastInboundAt: {
          gt: new Date(now.getTime() - windowMs),
          lte: new Date(now.getTime() - windowMs + WARN_BEFORE_MS),
        },
      },
      orderBy: { lastInboundAt: "asc" },
      take: BATCH,
      select: {
        id: true,
        workspaceId: true,
        brandId: true,
        assigneeId: true,
        lastInboundAt: true,
        lastOutboundAt: true,
        windowWarnedFor: true,
        participantName: true,
        participantHandle: true,
        channel: { select: { displayName: true } },
      },
    });
    for (const c of candidates) {
      if (!c.lastInboundAt) continue;
      if (c.lastOutboundAt && c.lastOutboundAt >= c.lastInboundAt) continue;
      if (c.windowWarnedFor?.getTime() === c.lastInboundAt.getTime()) continue;
      const who = c.participantName ?? (c.participantHandle ? `@${c.participantHandle}` : "someone");
      const claimed = await deps.db.$transaction(async (tx) => {
        // Claimed by the update itself, so two sweeps at once warn once.
        const { count } = await tx.conversation.updateMany({
          where: {
            id: c.id,
            workspaceId: c.workspaceId,
            lastInboundAt: c.lastInboundAt,
            OR: [{ windowWarnedFor: null }, { windowWarnedFor: { not: c.lastInboundAt } }],
          },
          data: { windowWarnedFor: c.lastInboundAt },
        });
        if (count === 0) return false;
        await notify(tx, {
          kind: "inbox.window_closing",
          workspaceId: c.workspaceId,
          brandId: c.brandId,
          userIds: [c.assigneeId],
          title: `Reply to ${who} within the hour`,
          body: `The reply window on ${c.channel.displayName} closes soon; after it, the platform refuses answers.`,
          path: `/inbox/${c.id}`,
        });
        return true;
      });
      if (claimed) sent += 1;
    }
  }
  return sent;
}
