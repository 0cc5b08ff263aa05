import type { PublisherAccount, PublisherEndpoints, PublisherPlatform } from "./contract";

/**
 * The inbound contract: what a platform's webhook deliveries mean, normalised so the inbox worker
 * (lib/inbox/process-inbound-delivery.ts) files them without knowing whose they are. One parser
 * per platform (lib/publishers/<platform>/<platform>-inbound.ts), registered in inbound-registry.ts.
 *
 * Invariants the inbox relies on:
 *
 * 1. Parsing is pure: no HTTP, no clock, no database. The same bytes always give the same events,
 *    so a delivery retried or processed twice files the same messages under the same ids.
 * 2. `externalId` is stable per account: the platform's message id, or for an event the platform
 *    gives no id of its own (a Meta reaction) one built from what the event carries, so a
 *    duplicate delivery is recognised by (channel, externalId).
 * 3. An event the inbox does not keep (read receipts, deliveries, a removed reaction, a deleted
 *    message) is counted in `skipped` with a reason, never thrown: the platform must get its 2xx.
 *    A body that is not the platform's format at all throws `InboundFormatError`.
 * 4. Nothing here logs; text and names are personal data and only the database keeps them.
 */

/** Which receiver takes a platform's deliveries: Meta's one endpoint, or a WAHA channel's own URL. */
export type InboundSource = "meta" | "waha";

export type InboundKind = "TEXT" | "STORY_REPLY" | "STORY_REACTION" | "STORY_MENTION" | "REACTION" | "MEDIA";

export type InboundEvent = {
  /** The account the event belongs to: Instagram user id, Facebook Page id, WAHA session name. */
  accountId: string;
  /** The person on the other side: Instagram-scoped id, page-scoped id, WhatsApp chat id. */
  personId: string;
  /** The platform's message id (or a stable synthetic one, invariant 2). */
  externalId: string;
  /** OUTBOUND for an echo of what the account sent (from any app, our Send API included). */
  direction: "INBOUND" | "OUTBOUND";
  kind: InboundKind;
  text?: string;
  attachment?: { url: string; type: string };
  /**
   * The story the event answers, reacts to or mentions. `certain` is false where the platform
   * cannot tell a story from another quoted message (a WhatsApp quote or reaction): then the
   * event is a story reply only if the id is one of our published frames, and `kind` is what
   * it is otherwise (TEXT, MEDIA, REACTION).
   */
  story?: { externalId: string; certain: boolean };
  /** When the platform says it was sent. */
  sentAt: Date;
  /** The person's display name, where the delivery carries it (WAHA's notifyName). */
  personName?: string;
};

export type InboundParse = {
  events: InboundEvent[];
  /** Events acknowledged and not kept, with why (invariant 3). */
  skipped: string[];
};

/** The person's profile as the platform tells it (Meta's user profile API). */
export type InboundProfile = { name?: string; handle?: string; avatarUrl?: string };

export class InboundFormatError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = "InboundFormatError";
  }
}

export interface InboundAdapter {
  readonly platform: PublisherPlatform;
  readonly source: InboundSource;
  /**
   * Whether a delivery to the source's shared endpoint is this platform's (Meta: its `object`,
   * "instagram" or "page"). Channel-URL sources (WAHA) know the channel and never ask.
   */
  claims(body: unknown): boolean;
  /** The delivery's events (invariants 1–3). */
  parse(body: unknown): InboundParse;
  /**
   * Reads the person's name, handle and picture. Absent where deliveries carry the name
   * (WAHA). Throws a PublisherError like every adapter call.
   */
  readProfile?(
    account: PublisherAccount,
    endpoints: PublisherEndpoints,
    personId: string,
  ): Promise<InboundProfile>;
  /**
   * Points the account's deliveries at StoryRelay, where the platform lets an API call do it
   * (a WAHA session's webhook config). Absent where it is set up once per app (Meta's
   * subscription). Replaces the account's webhook settings: StoryRelay owns the session.
   */
  subscribe?(account: PublisherAccount, endpoints: PublisherEndpoints, hook: InboundHook): Promise<void>;
}

/** Where an account's deliveries go and the key they are signed with. */
export type InboundHook = { url: string; hmacKey: string };
