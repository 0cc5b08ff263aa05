import type { PublisherAccount, PublisherEndpoints, PublisherPlatform } from "./contract";
import type { PublisherErrorClass } from "./publisher-error";

/**
 * The messaging contract: how StoryRelay answers a person who replied to a story, through the
 * platform's own Send API (Meta) or gateway (WAHA). One sender per platform, registered in
 * messaging-registry.ts; generic code never branches on a platform name.
 *
 * Invariants lib/inbox/send-reply.ts relies on:
 *
 * 1. `send()` never throws for anything the platform or the network did: every outcome is a
 *    `SendOutcome`. Only a bug escapes.
 * 2. One call is at most one message: a sender never retries by itself. A sender cannot know
 *    whether a request whose answer was lost (a timeout, a connection dropped after the request
 *    went out, a bare 5xx) was delivered, so it answers `unknown_outcome` and the caller must
 *    never send the same message again on its own.
 * 3. `window_closed` and `recipient_unknown` are the platform's refusals, with nothing sent;
 *    `failed` carries the publisher error classes (reauth_required flags the channel).
 * 4. Like publishers: stateless, no database, no env, no logging, no secret in any outcome.
 */

export type OutgoingReply =
  | { kind: "text"; text: string }
  /** A media-library image, fetched by the platform from `url` (a signed, public link). */
  | { kind: "image"; url: string; mimeType: string; caption?: string };

export type ReplyRequest = {
  /** The platform's id of the person: IGSID, PSID, WhatsApp chat id. */
  recipientId: string;
  reply: OutgoingReply;
  /** Meta's HUMAN_AGENT tag: a person answering past the standard window (only where allowed). */
  humanAgentTag: boolean;
};

export type SendOutcome =
  | { status: "sent"; externalId: string }
  /** The platform's answering window has passed: nothing was sent. */
  | { status: "window_closed"; advice: string; platformCode?: string }
  /** The person never wrote to this account (or is gone): nothing was sent. */
  | { status: "recipient_unknown"; advice: string; platformCode?: string }
  /** Refused or not reached, certainly not sent. */
  | { status: "failed"; errorClass: PublisherErrorClass; advice: string; platformCode?: string }
  /** The request may have reached the platform but the answer was lost: it may have been delivered. */
  | { status: "unknown_outcome"; advice: string; platformCode?: string };

export interface MessagingSender {
  readonly platform: PublisherPlatform;
  send(account: PublisherAccount, request: ReplyRequest, endpoints: PublisherEndpoints): Promise<SendOutcome>;
}
