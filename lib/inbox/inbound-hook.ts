import type { InboundHook } from "@/lib/publishers/inbound-contract";
import { wahaWebhookKey } from "./waha-webhook-key";

/** A WhatsApp channel's own delivery URL and the key its WAHA session signs with (derived, never stored). */
export function wahaInboundHook(
  config: { publicBaseUrl: string; serverSecret: string },
  channelId: string,
): InboundHook {
  return {
    url: `${config.publicBaseUrl.replace(/\/+$/, "")}/api/webhooks/waha/${encodeURIComponent(channelId)}`,
    hmacKey: wahaWebhookKey(config.serverSecret, channelId),
  };
}
