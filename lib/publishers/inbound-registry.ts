import type { PublisherPlatform } from "./contract";
import { facebookInbound } from "./facebook/facebook-inbound";
import type { InboundAdapter, InboundSource } from "./inbound-contract";
import { instagramInbound } from "./instagram/instagram-inbound";
import { whatsappInbound } from "./whatsapp/whatsapp-inbound";

/**
 * The one list of inbound parsers (webhook deliveries → InboundEvents). Generic code asks
 * inboundAdapterFor() for a channel's platform, or inboundAdapterClaiming() for a delivery to a
 * shared endpoint (Meta's one URL carries Instagram and Messenger, told apart by `object`).
 */
export const inboundAdapters: Readonly<Record<PublisherPlatform, InboundAdapter>> = {
  INSTAGRAM: instagramInbound,
  FACEBOOK: facebookInbound,
  WHATSAPP: whatsappInbound,
};

export function inboundAdapterFor(platform: PublisherPlatform): InboundAdapter {
  return inboundAdapters[platform];
}

/** The adapter whose deliveries to `source`'s shared endpoint look like `body`, if any. */
export function inboundAdapterClaiming(source: InboundSource, body: unknown): InboundAdapter | undefined {
  return Object.values(inboundAdapters).find((adapter) => adapter.source === source && adapter.claims(body));
}

/** The platforms whose deliveries come through `source` (the WAHA route accepts only its channels). */
export function platformsOfSource(source: InboundSource): PublisherPlatform[] {
  return Object.values(inboundAdapters)
    .filter((adapter) => adapter.source === source)
    .map((adapter) => adapter.platform);
}
