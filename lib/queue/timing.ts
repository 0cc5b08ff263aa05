/**
 * When the pipeline's jobs fire: the dispatch job a little before the story is due, the sweep
 * every few seconds for what Redis lost. Here, next to the queues, because both the stories that
 * add these jobs and the pipeline that runs them read it (lib/publishing/timing.ts holds the
 * pipeline's own timing: holds, leases, intents, attempts).
 */
// Each target holds a worker slot for up to this long, so it trades slots against the delayed-job
// timer's jitter (tens of milliseconds, measured in bench:publish).
export const DISPATCH_LEAD_MS = 1_500;
/** Default latest acceptable start: the scheduled time plus this. */
export const DEFAULT_FRESHNESS_MS = 2 * 3_600_000;
/** The sweep looks this far ahead for stories whose dispatch job is missing. */
export const SWEEP_LOOKAHEAD_MS = 60_000;
export const SWEEP_INTERVAL_MS = 5_000;
