import type { Db, DbOrTx } from "@/lib/db/client";
import { notify } from "@/lib/notifications/notify";
import { emitChannelNeedsReauth } from "@/lib/webhooks/emit-channel-needs-reauth";

/**
 * Marks a connected channel NEEDS_REAUTH and tells the owners, once: only the caller that
 * changes the channel's state sends the notice, however many stories found the token dead.
 * The flag and the notice are one transaction: a channel flagged without its notice would never
 * be announced (the next caller finds it already flagged), so a notice that cannot be written
 * leaves the channel as it was, for the next caller to try again.
 */
export async function markNeedsReauth(
  db: Db,
  channel: { id: string; workspaceId: string; brandId: string; displayName: string },
  advice: string,
): Promise<void> {
  await db.$transaction(async (tx) => {
    const flagged = await tx.channel.updateMany({
      where: { id: channel.id, workspaceId: channel.workspaceId, status: "CONNECTED" },
      data: { status: "NEEDS_REAUTH", statusReason: advice },
    });
    if (flagged.count === 1) await notifyReauthNeeded(tx, channel, advice);
  });
}

/** In-app notice to the owners and admins who see the channel's brand that a channel must be reconnected, and the webhook event. */
export async function notifyReauthNeeded(
  db: DbOrTx,
  channel: { id: string; workspaceId: string; brandId: string; displayName: string },
  advice: string,
): Promise<void> {
  await notify(db, {
    kind: "channel.needs_reauth",
    workspaceId: channel.workspaceId,
    brandId: channel.brandId,
    title: `Reconnect ${channel.displayName}`,
    body: `${advice} Stories for this channel are held until it is reconnected.`,
    path: `/brands/${channel.brandId}`,
  });
  await emitChannelNeedsReauth(db, channel, advice);
}
