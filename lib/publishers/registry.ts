import type { PublisherPlatform, StoryPublisher } from "./contract";
import { facebookPublisher } from "./facebook/facebook-publisher";
import { instagramPublisher } from "./instagram/instagram-publisher";
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
