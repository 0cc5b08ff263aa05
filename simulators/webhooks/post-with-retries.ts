import type { SimState } from "../core/sim-state";
import type { WebhookAttempt } from "./webhook-book";

/** A delivery's progress, as the control API lists it. */
export interface Attempted {
  attempts: WebhookAttempt[];
  /** "pending" while attempts remain, then "delivered" (a 2xx) or "failed" (retries used up). */
  state: "pending" | "delivered" | "failed";
}

export interface PostPlan {
  url: string;
  headers: Record<string, string>;
  /** The exact bytes, the same on every attempt (signatures cover them). */
  body: string;
  /** Real-time waits before each retry. */
  retryDelaysMs: readonly number[];
  timeoutMs: number;
  /** False once a reset forgot the delivery: nothing more is recorded or retried. */
  stillWanted: () => boolean;
}

/**
 * POSTs one webhook delivery and retries it after each of `retryDelaysMs` while the receiver
 * answers anything but a 2xx (or cannot be reached), as Meta and WAHA both do. The retry timers
 * live in the webhook book so a reset or close cancels them.
 */
export async function postWithRetries(
  state: SimState,
  delivery: Attempted,
  plan: PostPlan,
  retry = 0,
): Promise<void> {
  const record: WebhookAttempt = { at: Date.now() };
  try {
    const response = await fetch(plan.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...plan.headers },
      body: plan.body,
      signal: AbortSignal.timeout(plan.timeoutMs),
    });
    record.status = response.status;
    await response.arrayBuffer().catch(() => undefined);
  } catch (error) {
    record.error = error instanceof Error ? error.message : String(error);
  }
  if (!plan.stillWanted()) return;
  delivery.attempts.push(record);
  if (record.status !== undefined && record.status >= 200 && record.status < 300) {
    delivery.state = "delivered";
    return;
  }
  const wait = plan.retryDelaysMs[retry];
  if (wait === undefined) {
    delivery.state = "failed";
    return;
  }
  const timer = setTimeout(() => {
    state.webhooks.timers.delete(timer);
    void postWithRetries(state, delivery, plan, retry + 1);
  }, wait);
  state.webhooks.timers.add(timer);
}
