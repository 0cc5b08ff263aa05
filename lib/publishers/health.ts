import type { PublisherAccount, PublisherEndpoints, PublisherPlatform } from "./contract";

/**
 * What a platform says, right now, about the health of one connected account: read live for the
 * connection health page, never stored. Each part is present only where the platform has it;
 * the page shows whichever parts come back, so it needs no per-platform code.
 */
export type HealthReading = {
  /**
   * A rolling publishing quota (Instagram's content_publishing_limit) exactly as the platform
   * reported it: `total` and `windowMs` are null when the answer left them out, never a default,
   * because the cap differs between accounts.
   */
  quota?: { used: number; total: number | null; windowMs: number | null };
  /** A linked-device gateway's session (WAHA): its state as the gateway names it. */
  session?: {
    name: string;
    /** STOPPED, STARTING, SCAN_QR_CODE, WORKING, FAILED (or whatever the gateway says). */
    status: string;
    /** The paired phone, when the gateway tells it. */
    phone?: string;
  };
};

/**
 * One platform's live health read. Like the publishers: stateless, every input in the arguments,
 * every failure a PublisherError (the caller shows "could not reach" with its advice). It must
 * only read: a health page refreshed a hundred times changes nothing anywhere.
 */
export interface HealthReader {
  readonly platform: PublisherPlatform;
  /** Who is asked, for "Could not reach …": "Instagram", "the WhatsApp gateway". */
  readonly source: string;
  read(account: PublisherAccount, endpoints: PublisherEndpoints): Promise<HealthReading>;
}
