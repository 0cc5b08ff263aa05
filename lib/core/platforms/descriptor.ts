import { z } from "zod";
import type { InsightMetric } from "@/lib/core/insights";

/**
 * What generic code may know about a platform, in one shape every platform fills in: how a
 * marketer names it, what one story frame may be, what connecting an account asks for and makes,
 * and how a sandbox account of it looks. Generic code reads a descriptor and never branches on a
 * platform name; what the platform's API speaks lives in its adapter (lib/publishers/<platform>/).
 *
 * Pure data and pure functions (zod included) and nothing that reaches a server, so the connect
 * form, a client component, renders its fields from the same descriptor the server checks with.
 */

/**
 * Interactive story elements people add in the apps. Most no publishing API can create; a
 * descriptor's `apiCannot` says which its API cannot (those stay a handoff to a person).
 */
export const STICKER_FEATURES = ["link", "poll", "mention", "location", "music", "question"] as const;
export type StickerFeature = (typeof STICKER_FEATURES)[number];

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
  /** Stickers the app offers that the API cannot publish (the others go out with the frame). */
  apiCannot: readonly StickerFeature[];
  /**
   * A rolling limit on API publishes per account (each story frame counts as one), when the
   * platform has one. The publisher asks the platform for the account's own numbers and uses these
   * only when it does not say; the composer warns with these before scheduling.
   */
  publishingQuota?: { posts: number; windowMs: number };
};

/** Shows a field only while another field of the form (a choice) has this value. */
export type FieldCondition = { field: string; is: string };

/**
 * One input of the connect form. `name` is the key of the platform's connect schema, so a refusal
 * for that key lands next to this input.
 */
export type ConnectField = { name: string; when?: FieldCondition } & (
  | {
      kind: "text" | "url" | "secret";
      label: string;
      hint?: string;
      /** The account's own id: filled in and read-only when reconnecting that account. */
      accountId?: boolean;
    }
  | { kind: "choice"; label: string; options: readonly { value: string; label: string }[]; initial: string }
  /** A box the person must tick to say they understand `label`. */
  | { kind: "acknowledge"; label: string }
  /** A member of the workspace, chosen from a list. */
  | { kind: "member"; label: string; placeholder: string; hint?: string }
  /** A warning shown among the fields; sends nothing. */
  | { kind: "note"; title: string; text: string }
);

/** What a channel is made of once the connect form is read: ids, settings, how it authenticates. */
export type ConnectPlan = {
  externalAccountId: string;
  config: Record<string, unknown>;
  auth:
    | { kind: "secret"; credentials: Record<string, string>; secret: string }
    /** No secret: a member posts by hand; the channel is named after them. */
    | { kind: "handoff"; assigneeUserId: string; displayName: (memberName: string) => string };
  /**
   * Who the live check talks to, for a refusal when it cannot be reached: its name, what to do,
   * and the form field to mark when the person chose the address.
   */
  checkedWith: { name: string; advice: string; field?: string };
};

export type ConnectSpec = {
  /** The form's inputs, in order. */
  fields: readonly ConnectField[];
  /** The platform's own fields (not `platform` or `brandId`); its keys are the fields' names. */
  schema: z.ZodType;
  /** The channel to make from what `schema` parsed. */
  plan: (parsed: unknown) => ConnectPlan;
};

/** Ties a connect schema to the plan made from its output, so each platform's plan is typed. */
export function defineConnect<S extends z.ZodType>(spec: {
  fields: readonly ConnectField[];
  schema: S;
  plan: (fields: z.output<S>) => ConnectPlan;
}): ConnectSpec {
  return { fields: spec.fields, schema: spec.schema, plan: (parsed) => spec.plan(parsed as z.output<S>) };
}

/**
 * What a platform's API tells about a published story's numbers. `polled`: the collector reads
 * them while the story is live (through the adapter's `readInsights`). `none`: the API offers
 * nothing, and the analytics pages say `why` instead of showing zeros.
 */
export type InsightSupport =
  | { kind: "polled"; metrics: readonly InsightMetric[] }
  | { kind: "none"; why: string };

/**
 * Answering people who replied to a story, as the platform allows it (the inbox's reply box and
 * lib/inbox/send-reply.ts read these; the adapter in lib/publishers/<platform>/ speaks the API).
 */
export type MessagingSupport = {
  /**
   * Hours after the person's last message during which the account may answer them; null when
   * the platform has no such window (a linked WhatsApp phone answers whenever it likes).
   */
  replyWindowHours: number | null;
  /**
   * Days after the person's last message that a reply tagged HUMAN_AGENT (a person, not a bot,
   * answering late) may still go out; null when the platform has no such tag.
   */
  humanAgentDays: number | null;
  /** Longest text reply the platform takes, in characters. */
  maxTextLength: number;
  /** Whether a reply may be an image from the media library. */
  imageReplies: boolean;
  /** Where the platform's messages are read and sent, said once on each conversation's page. */
  privacyNote?: string;
};

/**
 * What a marketer should know before a story goes out on the platform, in plain words (issue 16,
 * decision 032): who sees it, what StoryRelay hands over and what it gets back. Only what is true of
 * the platform itself: where the media is served from, how long its signed link lives and how long
 * replies are kept are this server's and workspace's settings, which lib/core/privacy-facts.ts adds.
 * Keep each sentence true to docs/platform-contracts.md.
 */
export type PrivacyFacts = {
  /** Who can see a published story, and where it shows. */
  audience: string;
  /** What the API does not let StoryRelay choose about the audience. */
  audienceLimits: string;
  /** How long the story stays up, in hours. */
  visibleHours: number;
  /** Who fetches the media from its signed link, or how it reaches the platform. */
  mediaDelivery: string;
  /** What goes out with the media (caption, tags), or that nothing else does. */
  sentWithMedia: string;
  /** What the channel's stored token or key is used for. */
  tokenUse: string;
  /** What numbers come back, if any (never personal data). */
  insightsBack: string;
  /** Whether replies come back (personal data, kept per the workspace's retention). */
  repliesBack: string;
  /** How the platform protects what it carries. */
  encryption: string;
  /** A warning the marketer must not miss (an unofficial gateway), or null. */
  caveat: string | null;
};

export type PlatformDescriptor<P extends string = string> = {
  /** The Platform enum value. */
  platform: P;
  /** The platform as a sentence names it: "Instagram could not be reached". */
  name: string;
  /** The kind of channel, on badges, in lists and on the connect form: "Facebook Page". */
  channelLabel: string;
  limits: PlatformLimits;
  /** What the app shows in its reply box under a story (the composer's phone preview draws it). */
  replyPrompt: string;
  insights: InsightSupport;
  messaging: MessagingSupport;
  /** What the channel's sealed secret holds once decrypted; parsed on the way in and out. */
  credentials: z.ZodType<Record<string, string>>;
  /** The channel's non-secret settings (Channel.config). An empty object must parse. */
  config: z.ZodType<Record<string, string | undefined>>;
  connect: ConnectSpec;
  /**
   * Which one-click Meta login (meta-logins.ts) a channel's token comes from, read from its
   * config, so its granted scopes can be compared with what that login needs. Absent where no
   * Meta login connects the platform.
   */
  metaLogin?: (config: Record<string, unknown>) => "facebook" | "instagram";
  /** The privacy panel's facts about this platform (app/_components/privacy-panel.tsx). */
  privacy: PrivacyFacts;
  /**
   * What an empty expiry on a channel means: "never" where the secret does not expire at all (a
   * gateway's API key), "read" where connecting asks the platform for it (debug_token), so none
   * means it does not expire, "unknown" where nobody asks (a pasted Instagram Login token).
   * Absent: "unknown". The health page says which, and never claims more than is known.
   */
  secretLifetime?: (config: Record<string, unknown>) => "never" | "read" | "unknown";
  sandbox: {
    /** The channel's name after the brand's: "Acme · Instagram Story (sandbox)". */
    label: string;
    /** The simulators' name of the platform (their control API and phone page take it). */
    simulatorName: string;
    /** A fresh random secret in this platform's credential shape. */
    credentials: (secret: string) => Record<string, string>;
    /** An account id shaped like the platform's own, made from six random bytes. */
    accountId: (random: Uint8Array) => string;
  };
};

/** Fields most platforms share. */
export const graphId = (what: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,32}$/, `The ${what} id is a number, e.g. 17841400000000000.`);
export const secretField = (what: string) =>
  z.string().trim().min(8, `Paste the full ${what}.`).max(4_000, `That ${what} is too long.`);

/** Meta's hosts are the same for Instagram and Facebook: the same thing to do when they are out of reach. */
export const META_UNREACHABLE_ADVICE =
  "Press Connect again in a few minutes; if it keeps failing, check that this StoryRelay server can reach the internet.";

/** A Graph API user id, like Instagram's own (they start 17841…), from random bytes. */
export function graphLikeAccountId(random: Uint8Array): string {
  const number = random.slice(0, 5).reduce((n, byte) => n * 256 + byte, 0);
  return `17841${number.toString().padStart(10, "0")}`;
}

export const MB = 1024 * 1024;
