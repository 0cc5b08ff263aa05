import type { DbOrTx } from "@/lib/db/client";
import { recordWebhookEvent } from "./record-webhook-event";

export type ReceivedMessage = {
  id: string;
  workspaceId: string;
  conversationId: string;
  brandId: string;
  channel: { id: string; platform: string; displayName: string };
  person: { id: string; name: string | null };
  kind: string;
  /**
   * Included: acting on what was said is the point of the hook (a helpdesk, a CRM). The receiver
   * keeps it under its own retention; StoryRelay's purge cannot reach it.
   */
  text: string | null;
  attachment: { url: string; type: string | null } | null;
  storyExternalId: string | null;
  /** The published frame answered, when StoryRelay published it. */
  frame: { targetFrameId: string; storyId: string; position: number } | null;
  sentAt: Date;
};

/** `message.received` for one new inbound message, in the transaction that stores it. */
export async function emitMessageReceived(tx: DbOrTx, message: ReceivedMessage, now: Date): Promise<void> {
  await recordWebhookEvent(
    tx,
    {
      workspaceId: message.workspaceId,
      type: "message.received",
      data: {
        message: {
          id: message.id,
          conversationId: message.conversationId,
          brandId: message.brandId,
          channel: message.channel,
          platform: message.channel.platform,
          person: message.person,
          kind: message.kind,
          text: message.text,
          attachment: message.attachment,
          storyExternalId: message.storyExternalId,
          frame: message.frame,
          sentAt: message.sentAt.toISOString(),
        },
      },
    },
    now,
  );
}
