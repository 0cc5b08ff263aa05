import { z } from "zod";
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

/** Facebook Page Stories (which Messenger shows too), through the Graph API with a Page token. */
export const facebook = {
  platform: "FACEBOOK",
  name: "Facebook",
  channelLabel: "Facebook Page",
  limits: {
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
  replyPrompt: "Reply…",
  // The Graph API documents no numbers for a Page story (Page insights cover posts and the Page as a
  // whole); Meta Business Suite shows them to the Page's admins.
  messaging: { replyWindowHours: 24, humanAgentDays: 7, maxTextLength: 1000, imageReplies: true },
  insights: {
    kind: "none",
    why: "Facebook does not report numbers for Page stories through its API: see them in Meta Business Suite.",
  },
  credentials: z.object({ pageAccessToken: z.string().min(1) }),
  config: z.object({}),
  connect: defineConnect({
    fields: [
      {
        kind: "text",
        name: "pageId",
        label: "Page id",
        hint: "Stories on the Page also show in Messenger.",
        accountId: true,
      },
      {
        kind: "secret",
        name: "pageAccessToken",
        label: "Page access token",
        hint: "A Page token with pages_manage_posts; one made from a long-lived user token does not expire.",
      },
    ],
    schema: z.object({ pageId: graphId("Page"), pageAccessToken: secretField("Page access token") }),
    plan: (fields) => ({
      externalAccountId: fields.pageId,
      auth: {
        kind: "secret",
        credentials: { pageAccessToken: fields.pageAccessToken },
        secret: fields.pageAccessToken,
      },
      config: {},
      checkedWith: { name: "Facebook", advice: META_UNREACHABLE_ADVICE },
    }),
  }),
  metaLogin: () => "facebook",
  // debug_token tells a Page token's expiry when connecting; none means it does not expire.
  secretLifetime: () => "read",
  privacy: {
    audience:
      "The Page's audience. A Page is public: anyone who can see the Page can view the story, in Facebook and in Messenger.",
    audienceLimits: "The API offers no audience choice for a Page story: no Close Friends, no lists.",
    visibleHours: 24,
    mediaDelivery: "Facebook downloads each photo or video from its signed link.",
    sentWithMedia: "No caption: Page stories take none through the API. Nothing else goes with the media.",
    tokenUse:
      "The Page access token lets StoryRelay publish, check the connection and answer messages. It goes only to Meta.",
    insightsBack: "Nothing: Facebook reports no numbers for Page stories through its API.",
    repliesBack:
      "Replies from Facebook and Messenger come to the inbox through Meta: names, profile pictures and message texts. That is personal data.",
    encryption: "Sent to Meta over HTTPS. The story is public, not end-to-end encrypted.",
    caveat: null,
  },
  sandbox: {
    label: "Facebook Story",
    simulatorName: "facebook",
    credentials: (secret) => ({ pageAccessToken: secret }),
    accountId: graphLikeAccountId,
  },
} as const satisfies PlatformDescriptor<"FACEBOOK">;
