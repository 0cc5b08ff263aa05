import { messageOf } from "@/lib/errors";

/**
 * The four ways a platform call can fail, as the publish pipeline acts on them:
 *
 * - `retryable`: try again later with backoff (a server hiccup, a timeout, a container that
 *   must be made again when `newContainerNeeded` is set). Uses an attempt.
 * - `rate_limited`: the platform refuses for now; wait `retryAfterMs` and try again without
 *   using an attempt.
 * - `reauth_required`: the channel's credentials (or the account itself) need a person: flag the
 *   channel, tell its owner, do not retry.
 * - `invalid_content`: the story itself is refused (format, size, spam, duplicate): fail fast and
 *   show `advice`.
 */
export const PUBLISHER_ERROR_CLASSES = [
  "retryable",
  "rate_limited",
  "reauth_required",
  "invalid_content",
] as const;

export type PublisherErrorClass = (typeof PUBLISHER_ERROR_CLASSES)[number];

export interface PublisherErrorInit {
  errorClass: PublisherErrorClass;
  /** A sentence a marketer can act on; never contains a secret. */
  advice: string;
  /** The platform's own code: "190/463", "9/2207042", "HTTP 422", "network". */
  platformCode?: string;
  /** The platform's own message, for logs and support (secrets already redacted). */
  platformMessage?: string;
  /** rate_limited (and sometimes retryable): how long to wait before the next call. */
  retryAfterMs?: number;
  /** The prepared item (container, upload) is dead: the next attempt must prepare() again. */
  newContainerNeeded?: boolean;
  /**
   * The platform refused a publish() before acting on it, so nothing went out: the media is not
   * ready yet, or the account's publishing limit is used up. The caller need not reconcile.
   */
  refused?: PublishRefusal;
}

export type PublishRefusal = "media_not_ready" | "publishing_limit";

/** The one error type publishers throw. Anything else escaping an adapter is a bug. */
export class PublisherError extends Error {
  readonly errorClass: PublisherErrorClass;
  readonly advice: string;
  readonly platformCode?: string;
  readonly platformMessage?: string;
  readonly retryAfterMs?: number;
  readonly newContainerNeeded?: boolean;
  readonly refused?: PublishRefusal;

  constructor(init: PublisherErrorInit) {
    const code = init.platformCode ? ` [${init.platformCode}]` : "";
    super(`${init.errorClass}${code}: ${init.advice}`);
    this.name = "PublisherError";
    this.errorClass = init.errorClass;
    this.advice = init.advice;
    this.platformCode = init.platformCode;
    this.platformMessage = init.platformMessage;
    this.retryAfterMs = init.retryAfterMs;
    this.newContainerNeeded = init.newContainerNeeded;
    this.refused = init.refused;
  }
}

export function isPublisherError(error: unknown, errorClass?: PublisherErrorClass): error is PublisherError {
  return error instanceof PublisherError && (errorClass === undefined || error.errorClass === errorClass);
}

/** Why a platform call failed, in the words a person can act on: the adapter's advice when it gave one. */
export function reasonOf(error: unknown): string {
  return isPublisherError(error) ? error.advice : messageOf(error);
}
