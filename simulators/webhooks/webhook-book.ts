/**
 * What the simulated Meta app knows about its webhook: the callback subscribed (one per app, as
 * in the App Dashboard), the stories whose story_insights delivery is settled, every delivery
 * with its attempts (for tests to read through GET /_sim/webhooks), and the armed bad-signature
 * faults. Pure bookkeeping; simulators/webhooks/story-insights-webhook.ts does the sending.
 */

export interface WebhookSubscription {
  callbackUrl: string;
  verifyToken: string;
  fields: string[];
  /** Simulated time of the subscription: stories that expired before it are never delivered. */
  subscribedAt: number;
}

export interface WebhookAttempt {
  /** Real time of the attempt (retries wait in real time). */
  at: number;
  status?: number;
  error?: string;
}

export interface WebhookDelivery {
  id: number;
  field: "story_insights" | "messages";
  platform: "instagram" | "facebook";
  accountId: string;
  /** story_insights: the story the numbers are for. */
  mediaId?: string;
  /** messages: the message (mid) or reaction the event carries. */
  messageId?: string;
  /** The exact bytes sent (and signed), so a test can replay a delivery. */
  body: string;
  signature: string;
  badSignature: boolean;
  attempts: WebhookAttempt[];
  /** "pending" while attempts remain, then "delivered" (a 2xx) or "failed" (retries used up). */
  state: "pending" | "delivered" | "failed";
}

/** A WAHA event POSTed to one of a session's configured webhooks. */
export interface WahaDelivery {
  id: number;
  session: string;
  event: string;
  url: string;
  /** The payload's message id (or the reacted message for message.reaction). */
  messageId?: string;
  body: string;
  /** X-Webhook-Hmac, when the webhook has an hmac key. */
  hmac?: string;
  badSignature: boolean;
  attempts: WebhookAttempt[];
  state: "pending" | "delivered" | "failed";
}

export interface BadSignatureFault {
  id: string;
  platform: string;
  accountId?: string;
  /** Deliveries left to spoil; unset: every matching delivery until the faults are cleared. */
  remaining?: number;
  fired: number;
}

export class WebhookBook {
  subscription: WebhookSubscription | undefined;
  /** Media whose delivery is settled (sent, or expired before the subscription). */
  readonly settled = new Set<string>();
  readonly deliveries: WebhookDelivery[] = [];
  /** WAHA deliveries to the sessions' own webhooks (config.webhooks). */
  readonly wahaDeliveries: WahaDelivery[] = [];
  private badSignatures: BadSignatureFault[] = [];
  private nextFault = 1;
  /** Pending retry timers, cancelled on reset and close. */
  readonly timers = new Set<NodeJS.Timeout>();

  armBadSignature(input: { platform: string; accountId?: string; count?: number }): BadSignatureFault {
    const fault: BadSignatureFault = {
      id: `webhook-fault-${this.nextFault++}`,
      platform: input.platform,
      accountId: input.accountId,
      remaining: input.count,
      fired: 0,
    };
    this.badSignatures.push(fault);
    return fault;
  }

  listFaults(): BadSignatureFault[] {
    return [...this.badSignatures];
  }

  clearFaults(): void {
    this.badSignatures = [];
  }

  /**
   * Whether the next delivery for the account goes out with a bad signature (consumes a count).
   * A fault naming an account matches that account's deliveries; one without matches its platform's.
   */
  takeBadSignature(platform: string, accountId: string): boolean {
    const fault = this.badSignatures.find(
      (f) =>
        (f.accountId === undefined ? f.platform === platform : f.accountId === accountId) &&
        (f.remaining ?? 1) > 0,
    );
    if (!fault) return false;
    fault.fired += 1;
    if (fault.remaining !== undefined) fault.remaining -= 1;
    this.badSignatures = this.badSignatures.filter((f) => f.remaining === undefined || f.remaining > 0);
    return true;
  }

  clear(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.subscription = undefined;
    this.settled.clear();
    this.deliveries.length = 0;
    this.wahaDeliveries.length = 0;
    this.badSignatures = [];
  }
}
