import { metrics } from "@/lib/telemetry/metrics";
import { inSpan } from "@/lib/telemetry/tracing";

/**
 * The publish path's metric and trace hooks, named so publish-target.ts shows one call where it
 * reports something (docs/decisions/036-observability.md). Each is a counter bump or a no-op span
 * when tracing is off: nothing here reads the database or waits. Labels are the platform and a
 * few fixed words, never a workspace, story or channel.
 */

/** A run claimed its target: one publish attempt. */
export function observeAttempt(platform: string): void {
  metrics().publishAttempts.inc({ platform });
}

/**
 * The first platform call for a story on a channel is about to go out: how late it is against
 * the story's instant (negative never: a held target waits for the instant).
 */
export function observeFirstCall(platform: string, scheduledAt: Date | null, now: Date): void {
  if (!scheduledAt) return;
  metrics().publishLateness.observe({ platform }, Math.max(0, now.getTime() - scheduledAt.getTime()) / 1000);
}

/**
 * How a run ended: a final target state (PUBLISHED, FAILED, NEEDS_REAUTH, UNCONFIRMED, EXPIRED,
 * SKIPPED, AWAITING_PERSON) or RETRY / WAIT for one that comes back; the error class when there
 * was one.
 */
export function observeOutcome(platform: string, outcome: string, errorClass?: string | null): void {
  metrics().publishOutcomes.inc({ platform, outcome, error_class: errorClass ?? "none" });
}

/** The visible publish call, as a span of the story's trace. */
export function tracePublishCall<T>(platform: string, call: () => Promise<T>): Promise<T> {
  return inSpan("platform publish", { "storyrelay.platform": platform }, call);
}
