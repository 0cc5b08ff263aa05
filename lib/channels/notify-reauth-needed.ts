import type { Db, DbOrTx } from "@/lib/db/client";
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

/** In-app notice to the workspace's owners and admins that a channel must be reconnected, and the webhook event. */
export async function notifyReauthNeeded(
  db: DbOrTx,
  channel: { id: string; workspaceId: string; brandId: string; displayName: string },
  advice: string,
): Promise<void> {
  const [workspace, managers] = await Promise.all([
    db.workspace.findUniqueOrThrow({ where: { id: channel.workspaceId }, select: { slug: true } }),
    db.membership.findMany({
      where: { workspaceId: channel.workspaceId, role: { in: ["OWNER", "ADMIN"] } },
      select: { userId: true },
    }),
  ]);
  await db.notification.createMany({
    data: managers.map((m) => ({
      workspaceId: channel.workspaceId,
      userId: m.userId,
      kind: "channel.needs_reauth",
      title: `Reconnect ${channel.displayName}`,
      body: `${advice} Stories for this channel are held until it is reconnected.`,
      link: `/w/${workspace.slug}/brands/${channel.brandId}`,
    })),
  });
  await emitChannelNeedsReauth(db, channel, advice);
}
