import type { PublisherPlatform } from "./contract";
import { facebookMessaging } from "./facebook/facebook-messaging";
import { instagramMessaging } from "./instagram/instagram-messaging";
import type { MessagingSender } from "./messaging-contract";
import { whatsappMessaging } from "./whatsapp/whatsapp-messaging";

/** The one list of messaging senders (messaging-contract.ts); generic code asks messagingSenderFor(). */
export const messagingSenders: Readonly<Record<PublisherPlatform, MessagingSender>> = {
  INSTAGRAM: instagramMessaging,
  FACEBOOK: facebookMessaging,
  WHATSAPP: whatsappMessaging,
};

export function messagingSenderFor(platform: PublisherPlatform): MessagingSender {
  return messagingSenders[platform];
}
