import { DISPATCH_LEAD_MS } from "@/lib/queue/timing";

/**
 * Timing of the pipeline. The dispatch job fires a little before the story is due
 * (DISPATCH_LEAD_MS, lib/queue/timing.ts) and each publish job holds its claimed target until the
 * exact instant, so lateness does not depend on the delayed-job timer's own jitter (BullMQ
 * promotes delayed jobs in batches).
 */
/**
 * A claimed target is held in its worker slot only when it is due this soon; one further ahead
 * (the sweep dispatches up to SWEEP_LOOKAHEAD_MS early, a story may be PUBLISHING again after a
 * retry) goes back to the queue until DISPATCH_LEAD_MS before its instant.
 */
export const MAX_HOLD_MS = 2 * DISPATCH_LEAD_MS;
/**
 * Default claim length (PUBLISH_LEASE_MS). Short, because a crashed worker's targets are free
 * again after it; a live run renews it every LEASE_RENEW_FRACTION of it (lease-heartbeat.ts), so
 * a long platform call or a slow container does not lose it.
 */
export const DEFAULT_LEASE_MS = 6_000;
/**
 * A held lease is renewed this often, as a fraction of it (every 2 s of 6 s): a renewal may fail
 * once without the run losing its lease, and a run shorter than this costs no renewal at all.
 */
export const LEASE_RENEW_FRACTION = 1 / 3;
/**
 * A run stops before a visible call when its lease ends within this margin by its own clock:
 * room for the workers' clocks to disagree (a lease is stamped by one worker's clock and judged
 * expired by another's) and for the call to get onto the wire.
 */
export const LEASE_SAFETY_MARGIN_MS = 1_000;
/** A publish call goes out within this time after its intent was recorded, or not at all. */
export const INTENT_SEND_WINDOW_MS = 2_000;
/**
 * An intent without a result is declared void (the frame may be published again) only once it
 * is this old and the platform still shows nothing: a publish call sent within
 * INTENT_SEND_WINDOW_MS of its intent has by then either taken effect or never will. See
 * decision 008, addendum "Short leases".
 */
export const INTENT_SETTLE_MS = 10_000;
/**
 * The publish call's own deadline, whatever PUBLISH_HTTP_TIMEOUT_MS says for the other calls: sent
 * within INTENT_SEND_WINDOW_MS of its intent and given up (its unsent bytes dropped, see
 * lib/publishers/http.ts) by this, it has taken effect or never will before its intent settles. A
 * longer call could reach the platform after another run declared the intent void and published
 * (a worker cut off from the network, its request held in the kernel: the two-hosts test saw it).
 */
export const PUBLISH_CALL_DEADLINE_MS = INTENT_SETTLE_MS - INTENT_SEND_WINDOW_MS - 1_000;
/** Retryable failures allowed before a target fails for good. */
export const MAX_ATTEMPTS = 6;
/**
 * A transaction of the pipeline that locks a story row is ended by Postgres when its worker goes
 * silent in it this long: a worker cut off from the network mid-transaction would otherwise keep
 * the lock (and block the story's other targets from ending) until TCP gives up, hours later.
 * Set with set_config(…, true), so it lasts only that transaction (and passes a transaction pooler).
 */
export const LOCKED_TRANSACTION_IDLE_MS = 10_000;
