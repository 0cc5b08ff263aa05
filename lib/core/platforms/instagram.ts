import { z } from "zod";
import { INSIGHT_METRICS } from "@/lib/core/insights";
import {
  defineConnect,
  graphId,
  graphLikeAccountId,
  MB,
  META_UNREACHABLE_ADVICE,
  type PlatformDescriptor,
  STICKER_FEATURES,
  secretField,
} from "./descriptor";

const config = z.object({ host: z.enum(["facebook", "instagram"]).default("instagram") });
/** Which login made the token; an unreadable config reads as the default, Instagram Login. */
const hostOf = (value: Record<string, unknown>) => config.catch({ host: "instagram" }).parse(value).host;

/** Instagram Stories, through the Graph API (Instagram Login or Facebook Login). */
export const instagram = {
  platform: "INSTAGRAM",
  name: "Instagram",
  channelLabel: "Instagram",
  limits: {
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
    // Since July 2025 a STORIES container takes user_tags ({username, x, y}): a mention sticker.
    apiCannot: STICKER_FEATURES.filter((feature) => feature !== "mention"),
    // "100 API-published posts per 24 h moving window" (content_publishing_limit); the documented
    // total has changed over time, so the publisher trusts the platform's answer over this.
    publishingQuota: { posts: 100, windowMs: 24 * 3_600_000 },
  },
  replyPrompt: "Send message",
  messaging: { replyWindowHours: 24, humanAgentDays: 7, maxTextLength: 1000, imageReplies: true },
  insights: { kind: "polled", metrics: INSIGHT_METRICS },
  credentials: z.object({ accessToken: z.string().min(1) }),
  config,
  connect: defineConnect({
    fields: [
      {
        kind: "text",
        name: "accountId",
        label: "Instagram account id",
        hint: "The professional account's numeric id (from Meta's Graph API Explorer or your app).",
        accountId: true,
      },
      {
        kind: "secret",
        name: "accessToken",
        label: "Access token",
        hint: "A long-lived token with instagram_business_content_publish (or instagram_content_publish).",
      },
      {
        kind: "choice",
        name: "host",
        label: "The token comes from",
        initial: "instagram",
        options: [
          { value: "instagram", label: "Instagram Login (graph.instagram.com)" },
          { value: "facebook", label: "Facebook Login, through the linked Page (graph.facebook.com)" },
        ],
      },
    ],
    schema: z.object({
      accountId: graphId("Instagram account"),
      accessToken: secretField("access token"),
      /** Which login made the token: Instagram Login (graph.instagram.com) or Facebook Login. */
      host: z
        .enum(["instagram", "facebook"], { message: "Choose how the token was made." })
        .default("instagram"),
    }),
    plan: (fields) => ({
      externalAccountId: fields.accountId,
      auth: { kind: "secret", credentials: { accessToken: fields.accessToken }, secret: fields.accessToken },
      config: { host: fields.host },
      checkedWith: { name: "Instagram", advice: META_UNREACHABLE_ADVICE },
    }),
  }),
  metaLogin: hostOf,
  // debug_token (the Facebook host) tells a Facebook Login token's expiry when connecting; an
  // Instagram Login token pasted in the form is not asked.
  secretLifetime: (value) => (hostOf(value) === "facebook" ? "read" : "unknown"),
  privacy: {
    audience:
      "Everyone who can see the professional account. A professional account is public: anyone on Instagram can view the story.",
    audienceLimits:
      "The API offers no audience choice: Close Friends cannot be chosen, and no one can be left out.",
    visibleHours: 24,
    mediaDelivery: "Instagram downloads each frame from its signed link.",
    sentWithMedia:
      "No caption: Instagram stories take none through the API. @mention tags placed on a frame go with it.",
    tokenUse:
      "The account's access token lets StoryRelay publish, check the connection, read the story's numbers and answer messages. It goes only to Meta.",
    insightsBack:
      "Numbers only, read while the story is live: reach, views, replies, taps, exits, shares. No names.",
    repliesBack:
      "Replies, reactions and mentions come to the inbox through Meta: names, profile pictures and message texts. That is personal data.",
    encryption: "Sent to Meta over HTTPS. The story is public, not end-to-end encrypted.",
    caveat: null,
  },
  sandbox: {
    label: "Instagram Story",
    simulatorName: "instagram",
    credentials: (secret) => ({ accessToken: secret }),
    accountId: graphLikeAccountId,
  },
} as const satisfies PlatformDescriptor<"INSTAGRAM">;
