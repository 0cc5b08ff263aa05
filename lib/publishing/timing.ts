/**
 * Timing of the pipeline. The dispatch job fires a little before the story is due and each
 * publish job holds its claimed target until the exact instant, so lateness does not depend on
 * the delayed-job timer's own jitter (BullMQ promotes delayed jobs in batches).
 */
// Each target holds a worker slot for up to this long, so it trades slots against the delayed-job
// timer's jitter (tens of milliseconds, measured in bench:publish).
export const DISPATCH_LEAD_MS = 1_500;
/**
 * A claimed target is held in its worker slot only when it is due this soon; one further ahead
 * (the sweep dispatches up to SWEEP_LOOKAHEAD_MS early, a story may be PUBLISHING again after a
 * retry) goes back to the queue until DISPATCH_LEAD_MS before its instant.
 */
export const MAX_HOLD_MS = 2 * DISPATCH_LEAD_MS;
/** Default claim length (PUBLISH_LEASE_MS); a crashed worker's targets are free again after it. */
export const DEFAULT_LEASE_MS = 45_000;
/** Retryable failures allowed before a target fails for good. */
export const MAX_ATTEMPTS = 6;
/** Default latest acceptable start: the scheduled time plus this. */
export const DEFAULT_FRESHNESS_MS = 2 * 3_600_000;
/** The sweep looks this far ahead for stories whose dispatch job is missing. */
export const SWEEP_LOOKAHEAD_MS = 60_000;
export const SWEEP_INTERVAL_MS = 5_000;
