import type { PublisherPlatform, StoryPublisher } from "./contract";
import { facebookHealth } from "./facebook/facebook-health";
import { facebookPublisher } from "./facebook/facebook-publisher";
import type { HealthReader } from "./health";
import { instagramHealth } from "./instagram/instagram-health";
import { instagramPublisher } from "./instagram/instagram-publisher";
import { wahaHealth } from "./whatsapp/waha-health";
import { wahaPublisher } from "./whatsapp/waha-publisher";

/**
 * The one list of publishers. Adding a platform (or another WhatsApp gateway) means adding an
 * adapter here and a value to the Platform enum; generic code asks publisherFor() and never
 * branches on a platform name.
 */
export const publishers: Readonly<Record<PublisherPlatform, StoryPublisher>> = {
  INSTAGRAM: instagramPublisher,
  FACEBOOK: facebookPublisher,
  WHATSAPP: wahaPublisher,
};

export function publisherFor(platform: PublisherPlatform): StoryPublisher {
  return publishers[platform];
}

/** The live health read of each platform (health.ts), for the connection health page. */
export const healthReaders: Readonly<Record<PublisherPlatform, HealthReader>> = {
  INSTAGRAM: instagramHealth,
  FACEBOOK: facebookHealth,
  WHATSAPP: wahaHealth,
};

export function healthReaderFor(platform: PublisherPlatform): HealthReader {
  return healthReaders[platform];
}
