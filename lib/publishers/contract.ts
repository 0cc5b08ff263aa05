import type { InsightNumbers } from "@/lib/core/insights";
import type { StoredSticker } from "@/lib/core/stickers";
import type { GraphUsage } from "./graph-usage";

/**
 * The publisher contract: what the publish pipeline may ask of a platform, and what it may rely
 * on. One adapter per platform implements it (instagram/, facebook/, whatsapp/), registered in
 * registry.ts; generic code never branches on a platform name.
 *
 * Why two phases (prepare, then publish): the platforms are not idempotent and BullMQ delivers
 * at least once, so the pipeline must be able to record "what exists on the platform" before the
 * one call that makes a story visible. prepare() creates only invisible things (an Instagram
 * container, an unpublished Facebook photo, a video upload, a WAHA message id): doing it twice
 * wastes a little quota but never shows anything twice. publish() is the single visible step.
 *
 * Invariants the pipeline relies on:
 *
 * 1. Every failure is a `PublisherError` (publisher-error.ts) with a class, the platform's code
 *    and message, and advice a marketer can act on. Nothing else escapes an adapter.
 * 2. Adapters are stateless plain objects: every input comes in the arguments (credentials, ids,
 *    URLs, settings), every output is returned. No database, no env, no logging, no retries of
 *    their own, and no secret in any error, result or meta.
 * 3. prepare() never makes anything visible. The caller stores `containerId` (and `meta`) before
 *    it calls anything else for that frame; a lost prepare() answer only orphans an invisible item.
 * 4. check() never throws for "still processing": it answers `pending` with a poll hint. It
 *    answers `published` when the platform says the prepared item already went live (a publish
 *    whose answer was lost): the caller must then call findPublished(), never publish().
 * 5. publish() is called only after the caller has recorded its intent (and the time, which it
 *    later passes to findPublished as `since`), and only after check() said `ready`, or, for an
 *    item prepared in the same run, after prepare() said `checkBeforePublish: false`.
 *    When publish() itself fails, the adapter makes one follow-up read: if the item is live after
 *    all (the answer was lost, the platform answered 5xx after acting), publish() returns it
 *    instead of throwing. Once the platform has accepted, publish() does not throw because of a
 *    failed follow-up (a permalink lookup, say). An error with `refused` set is the platform's
 *    own answer that it published nothing (media not ready, publishing limit used up): no
 *    follow-up read, and the caller voids its intent at once instead of reconciling.
 * 6. After any publish() error or crash, the caller calls findPublished() before it publishes
 *    again. findPublished() answers the live ids, or null when the item is certainly not live, or
 *    throws (retryable / rate_limited / reauth_required) when it cannot tell; then the caller must
 *    not publish blindly (the target becomes UNCONFIRMED when it never can tell).
 *    Exception: when `idempotentPublish` is true, publish() with the same containerId cannot
 *    create a second item, so findPublished() may answer null without knowing, and the caller
 *    simply publishes again.
 * 7. `newContainerNeeded` on an error means the stored containerId is dead: the next attempt
 *    starts again at prepare() and stores the new id.
 * 8. One frame is one platform story. Frames of a story are published one after another, never
 *    concurrently on one account (Instagram's findPublished relies on it, see its doc).
 * 9. readInsights() (only where the platform's descriptor says insights are `polled`) is a pure
 *    read: it changes nothing on the platform, asks only the current metrics (never deprecated
 *    ones such as `impressions`), returns aggregates only (never who viewed, even where an API
 *    offers it), and answers the platform's two "no numbers" cases as results, not errors: too
 *    few viewers to report (Instagram's error 10) and gone (the story expired). Anything else
 *    is a PublisherError like every other call.
 */

export type PublisherPlatform = "INSTAGRAM" | "FACEBOOK" | "WHATSAPP";

/**
 * Who a status goes to where the platform lets the sender choose (a WhatsApp Status); absent
 * means everyone the account's posts reach. ONLY: exactly these contacts; EXCEPT: every contact
 * the gateway knows when the frame is sent, minus these.
 */
export type StatusAudience = { mode: "ONLY" | "EXCEPT"; contactIds: string[] };

/** One of an account's contacts a status can be limited to (never stored beyond a list's ids). */
export interface AudienceContact {
  /** The gateway's id: "<digits>@c.us" on WAHA. */
  id: string;
  /** The name saved in the phone book, or the person's own (push) name, or null. */
  name: string | null;
  number: string | null;
}

/** One frame to publish. Media is fetched by the platform from `mediaUrl`: it must be public. */
export type FrameInput = (
  | {
      kind: "IMAGE" | "VIDEO";
      mediaUrl: string;
      /** The checked content type ("image/jpeg", "video/mp4"); WAHA needs it, Graph ignores it. */
      mimeType: string;
      /** Caption where the platform takes one (WhatsApp); Instagram and Facebook stories take none. */
      text?: string;
      /**
       * The planned stickers this platform's API adds (its descriptor's apiCannot left out);
       * the adapter sends them with the frame. The others are a person's job.
       */
      stickers?: StoredSticker[];
    }
  | {
      /** A text-only story: WhatsApp only; the Graph adapters refuse it as invalid_content. */
      kind: "TEXT";
      text: string;
      /** "#RRGGBB" background for a WhatsApp text status. */
      backgroundColor?: string;
    }
) & {
  /** Only where the adapter has listContacts(): the adapters without it never get one. */
  audience?: StatusAudience;
};

export interface PublisherAccount {
  /** Instagram user id, Facebook Page id, or WAHA session name. */
  externalAccountId: string;
  /** The decrypted access token (Graph) or API key (WAHA). Never logged, never returned. */
  secret: string;
  /**
   * Channel.config, parsed by the adapter: Instagram `{ host: "facebook" | "instagram" }`
   * (default "instagram"); WhatsApp `{ gatewayUrl? }`. Unknown keys are ignored.
   */
  config: Record<string, unknown>;
}

/** Usage numbers a platform reported with an answer (Graph usage headers). */
export type PlatformUsage = GraphUsage;

/**
 * Where and how to call. Filled by the pipeline from configuration: Meta's hosts in production,
 * the simulators' prefixes for sandbox channels.
 */
export interface PublisherEndpoints {
  /** "https://graph.facebook.com" (no version, no trailing slash needed). */
  facebookGraph: string;
  /** "https://graph.instagram.com". */
  instagramGraph: string;
  /** WAHA base URL (".../waha" on the simulators). Wins over the channel's config.gatewayUrl. */
  waha?: string;
  /** Graph API version, "v25.0". */
  apiVersion: string;
  /** Meta app id and secret: the secret adds appsecret_proof to every Graph call. */
  appId?: string;
  appSecret?: string;
  /** Deadline of each HTTP call. A timeout is a retryable error with an unknown outcome. */
  timeoutMs: number;
  /** Observer for usage headers, so the caller can slow an account down before Meta refuses. */
  onUsage?: (usage: PlatformUsage) => void;
}

export interface PrepareResult {
  /** IG container id, FB photo or video id, WAHA message id. Store it before anything else. */
  containerId: string;
  /** Extra ids worth keeping for support (never secrets). */
  meta?: Record<string, string>;
  /**
   * False where the item is nearly always ready as soon as it exists and publish() refuses one
   * that is not, before acting (`refused: "media_not_ready"`): the caller then publishes an item
   * it has just prepared without asking check() first. One call fewer per story, and Meta counts
   * calls per account.
   */
  checkBeforePublish?: boolean;
}

export type CheckResult =
  | { status: "pending"; pollAfterMs: number }
  | { status: "ready" }
  /** Already live: call findPublished() to adopt it; never publish() again. */
  | { status: "published" };

export interface PublishResult {
  /** IG media id; FB photo/video id (the media of the story); WAHA message id. */
  mediaId: string;
  /** FB story post id (what insights and the story URL use). */
  postId?: string;
  permalink?: string;
}

/**
 * What findPublished() learned about a live item. Non-null means "it is live". The ids are
 * present when the platform lets the adapter identify them: an Instagram container can say
 * PUBLISHED while no listed story can be tied to it, and then `mediaId` is missing.
 */
export type FoundPublication = Partial<PublishResult>;

export interface TokenInfo {
  name: string;
  tokenExpiresAt?: Date;
}

/**
 * One reading of a live story's numbers. `usage` is what the platform said about the account's
 * call budget with this answer (when it said anything), so the caller can thin later readings.
 */
export type InsightsReading =
  | { kind: "numbers"; numbers: InsightNumbers; usage?: PlatformUsage }
  /** Fewer viewers than the platform reports on (Instagram: under 5). Not a failure. */
  | { kind: "too_few_viewers"; usage?: PlatformUsage }
  /** The story is no longer live and its numbers are gone for good. */
  | { kind: "gone"; usage?: PlatformUsage };

export interface PublishingQuota {
  used: number;
  total: number;
  windowMs: number;
}

export interface StoryPublisher {
  readonly platform: PublisherPlatform;

  /**
   * Platform-side preparation that is invisible to the audience: IG container, FB unpublished
   * photo or video upload, WAHA message id. Returns the id the caller MUST store before calling
   * anything else.
   */
  prepare(
    account: PublisherAccount,
    frame: FrameInput,
    endpoints: PublisherEndpoints,
  ): Promise<PrepareResult>;

  /**
   * Is the prepared item ready to publish? `pending` carries a poll hint (short for images,
   * longer for video). Failed or expired items throw (with newContainerNeeded where a new
   * prepare() can help, invalid_content where the media itself is refused).
   */
  check(
    account: PublisherAccount,
    containerId: string,
    frame: FrameInput,
    endpoints: PublisherEndpoints,
  ): Promise<CheckResult>;

  /** Makes it live. Only after the caller recorded its intent, and after check() said ready. */
  publish(
    account: PublisherAccount,
    containerId: string,
    frame: FrameInput,
    endpoints: PublisherEndpoints,
  ): Promise<PublishResult>;

  /**
   * Reconciliation after a crash, a lost answer or a retry: is this container already live?
   * `since` is when the caller recorded its intent to publish (a little before publish() was
   * called). `taken` holds the platform ids already recorded for other frames on this account
   * around then: never this frame's, whatever their time says (Instagram ties a live story to its
   * container by time, to the second, so a neighbour published in the same second would match).
   * Returns the live ids, null when it is certainly not live, or throws when it cannot tell (see
   * invariant 6 for idempotent publishers).
   */
  findPublished(
    account: PublisherAccount,
    containerId: string,
    frame: FrameInput,
    endpoints: PublisherEndpoints,
    since: Date,
    taken: ReadonlySet<string>,
  ): Promise<FoundPublication | null>;

  /** Whether publish() with the same containerId is itself idempotent (WAHA with a pre-fetched id). */
  readonly idempotentPublish: boolean;

  /** Live credential check when connecting a channel: display name, token expiry if known. */
  verifyAccount(account: PublisherAccount, endpoints: PublisherEndpoints): Promise<TokenInfo>;

  /**
   * Where the platform reports a live story's numbers (its descriptor's insights are `polled`):
   * one reading of the published frame `mediaId` (the id publish() returned). See invariant 9.
   */
  readInsights?(
    account: PublisherAccount,
    mediaId: string,
    endpoints: PublisherEndpoints,
  ): Promise<InsightsReading>;

  /**
   * Where a status's audience can be chosen (WhatsApp through its gateway): the account's
   * contacts. An adapter without it publishes to everyone its posts reach, and generic code
   * offers no audience for its channels.
   */
  listContacts?(account: PublisherAccount, endpoints: PublisherEndpoints): Promise<AudienceContact[]>;

  /**
   * Instagram only: the rolling publishing quota (content_publishing_limit). An adapter with it
   * must also refuse a publish() beyond the quota with `refused: "publishing_limit"`: the caller
   * asks before a story of several frames (which must not go out half) and after such a refusal,
   * not before every story.
   */
  publishingQuota?(account: PublisherAccount, endpoints: PublisherEndpoints): Promise<PublishingQuota>;

  /**
   * Best-effort revocation when the channel is deleted for good (docs/decisions/035): the platform
   * forgets our access (Meta: DELETE /me/permissions; WAHA: the session logs out). Throws a
   * PublisherError when the platform refuses; the caller records it and deletes anyway.
   */
  revokeAccess?(account: PublisherAccount, endpoints: PublisherEndpoints): Promise<void>;

  /**
   * Token renewal where the platform allows it for this account (Instagram Login tokens:
   * refresh_access_token once at least 24 h old). null when this account's secret cannot be
   * renewed by the adapter (Page tokens from a long-lived user token do not expire; others need
   * the owner to reconnect).
   */
  refreshSecret?(
    account: PublisherAccount,
    endpoints: PublisherEndpoints,
  ): Promise<{ secret: string; expiresAt?: Date } | null>;
}
