import type { PlatformLimits, StickerFeature } from "./platforms/descriptor";
import { perPlatform, type StoryPlatform } from "./platforms/registry";

/**
 * What each platform accepts as one story frame, in one table, so the composer (live) and the
 * scheduling use cases (enforced) check the same numbers. Each platform's figures live in its
 * descriptor (lib/core/platforms/<platform>.ts) with the source of every number:
 * docs/platform-contracts.md ("Specs" of each platform), itself gathered from Meta's reference
 * pages and the WAHA source.
 */

export {
  type PlatformLimits,
  STICKER_FEATURES,
  type StickerFeature,
} from "./platforms/descriptor";
export { STORY_PLATFORMS, type StoryPlatform } from "./platforms/registry";

export const STICKER_LABELS: Record<StickerFeature, string> = {
  link: "Link sticker",
  poll: "Poll",
  mention: "Mention",
  location: "Location",
  music: "Music",
  question: "Question box",
};

/** Stories are made for 9:16 screens; anything else shows with bars or cropped. */
export const STORY_ASPECT = 9 / 16;
/** How far from 9:16 a frame may be before we warn (1080×1920 vs 1080×1900 is not worth a word). */
export const ASPECT_TOLERANCE = 0.02;

export const PLATFORM_LIMITS: Record<StoryPlatform, PlatformLimits> = perPlatform((d) => d.limits);

/** The most frames one story may have (the schedule schema enforces it too). */
export const MAX_FRAMES = 10;
/** WhatsApp's own green, the default of WAHA's examples, for text statuses without a colour. */
export const DEFAULT_TEXT_BACKGROUND = "#38b42f";

/** WhatsApp captions and text statuses. */
export const MAX_WHATSAPP_TEXT = 700;

/** Whether the platform's API puts this sticker on the story itself (else a person must). */
export function apiAddsSticker(platform: StoryPlatform, kind: StickerFeature): boolean {
  return !PLATFORM_LIMITS[platform].apiCannot.includes(kind);
}

/**
 * The planned stickers a platform's API cannot put on the story. When any frame of a story carries
 * one, that story is posted on the platform by hand (decision 023) rather than published without it.
 */
export function stickersByHand<S extends { kind: StickerFeature }>(
  platform: StoryPlatform,
  stickers: readonly S[],
): S[] {
  return stickers.filter((sticker) => !apiAddsSticker(platform, sticker.kind));
}
