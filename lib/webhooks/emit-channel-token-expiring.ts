import type { DbOrTx } from "@/lib/db/client";
import type { Platform } from "@/lib/db/generated/enums";
import { recordWebhookEvent } from "./record-webhook-event";

/** What the event (and the in-app notice beside it) says about the channel. */
export type ExpiringChannel = {
  id: string;
  workspaceId: string;
  brandId: string;
  platform: Platform;
  displayName: string;
  tokenExpiresAt: Date;
};

/**
 * `channel.token_expiring` when a channel's token comes within `daysBefore` days (7, then 1) of
 * its expiry. Written in the transaction that records the warning as sent, so each threshold is
 * announced exactly once.
 */
export async function emitChannelTokenExpiring(
  db: DbOrTx,
  channel: ExpiringChannel,
  daysBefore: number,
  now: Date,
): Promise<void> {
  await recordWebhookEvent(
    db,
    {
      workspaceId: channel.workspaceId,
      type: "channel.token_expiring",
      data: {
        channel: {
          id: channel.id,
          brandId: channel.brandId,
          platform: channel.platform,
          displayName: channel.displayName,
          tokenExpiresAt: channel.tokenExpiresAt.toISOString(),
          daysBefore,
        },
      },
    },
    now,
  );
}
