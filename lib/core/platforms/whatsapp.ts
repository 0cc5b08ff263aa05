import { z } from "zod";
import { defineConnect, MB, type PlatformDescriptor, secretField } from "./descriptor";

const gateway = { field: "mode", is: "gateway" } as const;
const handoff = { field: "mode", is: "handoff" } as const;

const gatewayUrl = z
  .url({ protocol: /^https?$/, message: "Use the gateway's http:// or https:// address." })
  .trim()
  .max(500)
  .transform((url) => url.replace(/\/+$/, ""));

/**
 * WhatsApp Status. No official API posts to Status: either a self-hosted linked-device gateway
 * (WAHA) posts it, or a member of the team posts it by hand (handoff).
 */
export const whatsapp = {
  platform: "WHATSAPP",
  name: "WhatsApp",
  channelLabel: "WhatsApp Status",
  limits: {
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
  replyPrompt: "Reply",
  messaging: {
    replyWindowHours: null,
    humanAgentDays: null,
    maxTextLength: 4096,
    imageReplies: true,
    privacyNote:
      "WhatsApp messages are decrypted on the linked device your WAHA gateway runs — your own infrastructure; Meta's Send API replies go through Meta.",
  },
  insights: {
    kind: "none",
    why: "WhatsApp gateways report no view counts for a Status, so StoryRelay has none to show (not zero: unknown).",
  },
  credentials: z.object({ apiKey: z.string().min(1) }),
  config: z.object({
    mode: z.enum(["gateway", "handoff"]).default("gateway"),
    /** WAHA base URL for gateway mode; sandbox channels use the simulator's instead. */
    gatewayUrl: z.url().optional(),
    /** Member who posts by hand in handoff mode. */
    assigneeUserId: z.string().optional(),
  }),
  connect: defineConnect({
    fields: [
      {
        kind: "choice",
        name: "mode",
        label: "How it posts",
        initial: "gateway",
        options: [
          { value: "gateway", label: "Through a WAHA gateway (automatic, unofficial)" },
          { value: "handoff", label: "Handoff: a team member posts it from their phone" },
        ],
      },
      {
        kind: "note",
        name: "unofficial",
        when: gateway,
        title: "Unofficial.",
        text: "WhatsApp has no official API for Status. A linked-device gateway such as WAHA acts like a phone, which WhatsApp's terms do not allow: WhatsApp can ban the number. Use a number you can afford to lose.",
      },
      {
        kind: "url",
        name: "gatewayUrl",
        when: gateway,
        label: "Gateway URL",
        hint: "The WAHA server's address, e.g. https://waha.example.com",
      },
      { kind: "text", name: "session", when: gateway, label: "Session name", accountId: true },
      { kind: "secret", name: "apiKey", when: gateway, label: "API key" },
      {
        kind: "acknowledge",
        name: "acknowledgeUnofficial",
        when: gateway,
        label:
          "I understand that posting WhatsApp Status through a linked-device gateway is unofficial and can get this number banned.",
      },
      {
        kind: "member",
        name: "assigneeUserId",
        when: handoff,
        label: "Who posts the status",
        placeholder: "Choose a member…",
        hint: "No secret is stored: this person posts the status from their phone.",
      },
    ],
    schema: z.discriminatedUnion(
      "mode",
      [
        z.object({
          mode: z.literal("gateway"),
          gatewayUrl,
          session: z
            .string()
            .trim()
            .regex(
              /^[A-Za-z0-9_.-]{1,64}$/,
              "The session name has letters, digits, dots, dashes or underscores.",
            ),
          apiKey: secretField("API key"),
          /**
           * WhatsApp has no official API for Status: a linked-device gateway (WAHA) acts as a phone,
           * which WhatsApp's terms do not allow and which can get the number banned. The person
           * connecting must say they know.
           */
          acknowledgeUnofficial: z.literal(true, {
            message: "Confirm that you understand the risk of the unofficial gateway.",
          }),
        }),
        z.object({
          mode: z.literal("handoff"),
          assigneeUserId: z.string().trim().min(1, "Choose who posts the status.").max(100),
        }),
      ],
      { error: "Choose gateway or handoff for WhatsApp." },
    ),
    plan: (fields) =>
      fields.mode === "gateway"
        ? {
            externalAccountId: fields.session,
            auth: { kind: "secret", credentials: { apiKey: fields.apiKey }, secret: fields.apiKey },
            config: { mode: "gateway", gatewayUrl: fields.gatewayUrl },
            checkedWith: {
              name: `The WhatsApp gateway at ${fields.gatewayUrl}`,
              advice: "Check the gateway URL and that the gateway is running, then press Connect again.",
              field: "gatewayUrl",
            },
          }
        : {
            // One handoff channel per person who posts by hand.
            externalAccountId: `handoff-${fields.assigneeUserId}`,
            auth: {
              kind: "handoff",
              assigneeUserId: fields.assigneeUserId,
              displayName: (member) => `WhatsApp Status · posted by ${member}`,
            },
            config: { mode: "handoff", assigneeUserId: fields.assigneeUserId },
            // Handoff checks nothing with a platform.
            checkedWith: { name: "WhatsApp", advice: "" },
          },
  }),
  // A gateway's API key does not expire.
  secretLifetime: () => "never",
  privacy: {
    audience:
      "The number's contacts: people in the phone's address book who have the number saved too. Nobody else.",
    // Issue 16's contact lists (WAHA's `contacts`) are built separately; until then nothing is chosen.
    audienceLimits:
      "By default StoryRelay sends each status to all contacts; a story can go to one of the channel's audience lists instead, or to all contacts except one.",
    visibleHours: 24,
    mediaDelivery:
      "Your WhatsApp gateway downloads each frame from its signed link, then posts it from the linked device. On a handoff channel, the team member downloads it and posts it by hand.",
    sentWithMedia:
      "The WhatsApp caption you type goes with the status. A text status sends its text and background colour.",
    tokenUse: "The gateway's API key lets StoryRelay call your gateway. It never goes to WhatsApp.",
    insightsBack: "Nothing: gateways report no view counts for a status.",
    repliesBack:
      "Replies and reactions to the status come to the inbox from your gateway: phone numbers, names and message texts. That is personal data.",
    encryption: "End-to-end encrypted between the linked device and the viewers' phones.",
    caveat:
      "The gateway is an unofficial linked device, like WhatsApp Web. WhatsApp's terms do not allow it, and WhatsApp can ban the number. Messages are decrypted on that device, so on your own infrastructure, where the gateway runs.",
  },
  sandbox: {
    label: "WhatsApp Status",
    simulatorName: "whatsapp",
    credentials: (secret) => ({ apiKey: secret }),
    // A WAHA session name, not a number: the gateway names sessions freely.
    accountId: (random) =>
      `sandbox-${Array.from(random.slice(0, 6), (byte) => byte.toString(16).padStart(2, "0")).join("")}`,
  },
} as const satisfies PlatformDescriptor<"WHATSAPP">;
