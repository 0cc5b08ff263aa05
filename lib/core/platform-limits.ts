/**
 * What each platform accepts as one story frame, in one table, so the composer (live) and the
 * scheduling use cases (enforced) check the same numbers. Source for every figure:
 * docs/platform-contracts.md ("Specs" of each platform), itself gathered from Meta's
 * reference pages and the WAHA source. Where that document is silent or unsure the comment says
 * which number we chose and why.
 */

export type StoryPlatform = "INSTAGRAM" | "FACEBOOK" | "WHATSAPP";

export const STORY_PLATFORMS: readonly StoryPlatform[] = ["INSTAGRAM", "FACEBOOK", "WHATSAPP"];

const MB = 1024 * 1024;

/** Interactive story elements people add in the apps, which no publishing API can create. */
export const STICKER_FEATURES = ["link", "poll", "mention", "location", "music", "question"] as const;
export type StickerFeature = (typeof STICKER_FEATURES)[number];

export const STICKER_LABELS: Record<StickerFeature, string> = {
  link: "Link sticker",
  poll: "Poll",
  mention: "Mention",
  location: "Location",
  music: "Music",
  question: "Question box",
};

export type PlatformLimits = {
  /** The product's name as a marketer knows it. */
  label: string;
  image: {
    mimeTypes: readonly string[];
    /** Accepted by the app but outside the conservative profile: a warning, not an error. */
    tolerated?: readonly string[];
    maxBytes: number;
  };
  video: {
    mimeTypes: readonly string[];
    minMs: number;
    maxMs: number;
    maxBytes?: number;
    maxWidth?: number;
    minWidth?: number;
    minHeight?: number;
  };
  /**
   * The bands at the top and bottom of a 9:16 screen that the app covers with its own UI
   * (progress bar, account name, reply box), as fractions of the height: keep text out of them.
   */
  safeZone: { top: number; bottom: number };
  /** Whether the platform shows a caption typed with the story. */
  caption: boolean;
  /** Whether a story can be text alone (no image or video). */
  textOnly: boolean;
  /** Stickers the app offers that the API cannot publish. */
  apiCannot: readonly StickerFeature[];
  /**
   * A rolling limit on API publishes per account (each story frame counts as one), when the
   * platform has one. The publisher asks the platform for the account's own numbers and uses these
   * only when it does not say; the composer warns with these before scheduling.
   */
  publishingQuota?: { posts: number; windowMs: number };
};

/** Stories are made for 9:16 screens; anything else shows with bars or cropped. */
export const STORY_ASPECT = 9 / 16;
/** How far from 9:16 a frame may be before we warn (1080×1920 vs 1080×1900 is not worth a word). */
export const ASPECT_TOLERANCE = 0.02;

export const PLATFORM_LIMITS: Record<StoryPlatform, PlatformLimits> = {
  INSTAGRAM: {
    label: "Instagram Stories",
    // "image: JPEG only, ≤ 8 MB"; the matching error (36000 / 2207004) reads "over 8 MiB".
    image: { mimeTypes: ["image/jpeg"], maxBytes: 8 * MB },
    // "Video: MP4/MOV, H.264 or HEVC, AAC, … ≤ 1920 px wide, 3–60 s, ≤ 100 MB".
    video: {
      mimeTypes: ["video/mp4", "video/quicktime"],
      minMs: 3_000,
      maxMs: 60_000,
      maxBytes: 100 * MB,
      maxWidth: 1920,
    },
    // Meta's creative guidance keeps the top and bottom 14% (≈250 px of 1920) free of text.
    safeZone: { top: 0.14, bottom: 0.14 },
    // "Stories take no caption, no alt text, no link/poll/location stickers."
    caption: false,
    textOnly: false,
    apiCannot: STICKER_FEATURES,
    // "100 API-published posts per 24 h moving window" (content_publishing_limit); the documented
    // total has changed over time, so the publisher trusts the platform's answer over this.
    publishingQuota: { posts: 100, windowMs: 24 * 3_600_000 },
  },
  FACEBOOK: {
    label: "Facebook Page Stories",
    // "photo jpeg/png/bmp/gif/tiff ≤ 10 MB (older pages say 4 MB: unsure)": 10 MB blocks, and we
    // say nothing below it; the platform's answer decides the unsure band.
    image: {
      mimeTypes: ["image/jpeg", "image/png", "image/bmp", "image/gif", "image/tiff"],
      maxBytes: 10 * MB,
    },
    // "Video MP4, 9:16, at least 540×960, 3–60 s, 24–60 fps, H.264/H.265, AAC." No size limit is
    // documented for story videos, so none is checked here.
    video: { mimeTypes: ["video/mp4"], minMs: 3_000, maxMs: 60_000, minWidth: 540, minHeight: 960 },
    // Same bands as Instagram: Facebook shows the same progress bar, page name and reply bar.
    safeZone: { top: 0.14, bottom: 0.14 },
    caption: false,
    textOnly: false,
    apiCannot: STICKER_FEATURES,
  },
  WHATSAPP: {
    label: "WhatsApp Status",
    // "Conservative media profile: JPEG images"; WhatsApp itself shows PNGs, so PNG is a warning.
    // No image size is documented; 16 MB is WhatsApp's media cap, the same as for video.
    image: { mimeTypes: ["image/jpeg"], tolerated: ["image/png"], maxBytes: 16 * MB },
    // "MP4 H.264/AAC with faststart, ≤ 60 s (older clients 30 s: unsure), ≤ 16 MB". No minimum is
    // documented: a one-second clip posts fine from the app, so none is checked.
    video: { mimeTypes: ["video/mp4"], minMs: 0, maxMs: 60_000, maxBytes: 16 * MB },
    // WhatsApp's top bar (progress, name, time) is slimmer; its reply/caption area is taller.
    safeZone: { top: 0.1, bottom: 0.16 },
    caption: true,
    textOnly: true,
    // A status has no stickers at all; a link typed in the caption stays a plain link.
    apiCannot: ["poll", "mention", "location", "music", "question"],
  },
};

/** The most frames one story may have (the schedule schema enforces it too). */
export const MAX_FRAMES = 10;
/** WhatsApp's own green, the default of WAHA's examples, for text statuses without a colour. */
export const DEFAULT_TEXT_BACKGROUND = "#38b42f";

/** WhatsApp captions and text statuses. */
export const MAX_WHATSAPP_TEXT = 700;
