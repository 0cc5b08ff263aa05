import type { DbOrTx } from "@/lib/db/client";
import { recordWebhookEvent } from "./record-webhook-event";

/** `channel.needs_reauth` when a channel's token stops working. */
export async function emitChannelNeedsReauth(
  db: DbOrTx,
  channel: { id: string; workspaceId: string; brandId: string; displayName: string },
  advice: string,
  now = new Date(),
): Promise<void> {
  const current = await db.channel.findFirstOrThrow({
    where: { id: channel.id, workspaceId: channel.workspaceId },
    select: { platform: true, status: true },
  });
  await recordWebhookEvent(
    db,
    {
      workspaceId: channel.workspaceId,
      type: "channel.needs_reauth",
      data: {
        channel: {
          id: channel.id,
          brandId: channel.brandId,
          platform: current.platform,
          displayName: channel.displayName,
          status: current.status,
          reason: advice,
        },
      },
    },
    now,
  );
}
