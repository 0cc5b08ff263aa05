import { performance } from "node:perf_hooks";
import { messageOf } from "@/lib/errors";
import type { Claim } from "./claim-target";
import { renewLease } from "./claim-target";
import type { PipelineDeps } from "./deps";
import { LEASE_RENEW_FRACTION, LEASE_SAFETY_MARGIN_MS } from "./timing";

/** Thrown inside a run when our lease is gone (or may be): stop touching the target. */
export class LeaseLost extends Error {}

export type LeaseHeartbeat = {
  /** Throws LeaseLost unless the lease is certainly still ours, by our own clock. */
  assertHeld(): void;
  /** Resolves when a renewal found the lease taken (never resolves otherwise). */
  readonly lost: Promise<void>;
  stop(): void;
};

/**
 * Keeps a claimed target's short lease alive while this run holds it: every
 * LEASE_RENEW_FRACTION of the lease, one fenced UPDATE moves `leaseExpiresAt` on. A run that
 * ends within that time (nearly all of them) costs no statement at all. If the process dies, the
 * renewals stop and another worker may claim the target once the lease runs out, within seconds.
 *
 * `assertHeld()` does not ask the database: it compares a monotonic clock with the end of the
 * lease as of the last renewal that succeeded, measured from when that statement was *sent*
 * (the database stored an expiry at least that late). So a run that was paused (GC, a starved
 * CPU) past its lease finds out before its next visible call even though no renewal ran.
 *
 * `startedAt` is the monotonic time (performance.now()) taken before the claim was sent.
 */
export function startLeaseHeartbeat(
  deps: Pick<PipelineDeps, "sql" | "now" | "leaseMs" | "logger">,
  targetId: string,
  claim: Claim,
  startedAt: number,
): LeaseHeartbeat {
  // An early claim's lease runs to the instant plus leaseMs (claim-target.ts); renewals after it
  // move it leaseMs past the renewal, as usual.
  let validUntil = startedAt + claim.leaseMs;
  let taken = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let markLost: () => void = () => undefined;
  const lost = new Promise<void>((resolve) => {
    markLost = resolve;
  });

  const beat = async () => {
    const sentAt = performance.now();
    try {
      if (await renewLease(deps.sql, targetId, claim, deps.now(), deps.leaseMs)) {
        validUntil = sentAt + deps.leaseMs;
      } else {
        taken = true;
        markLost();
        return;
      }
    } catch (error) {
      // A failed renewal is not a lost lease: try again at the next beat; if none succeeds in
      // time, assertHeld() stops the run when the last good lease runs out.
      deps.logger.warn({ targetId, reason: messageOf(error) }, "could not renew the publish lease; retrying");
    }
    schedule();
  };
  // Renew once a fraction of a normal lease has passed since the last renewal, which for an
  // early claim is only once its hold is over.
  const schedule = () => {
    if (stopped) return;
    const renewIn = validUntil - deps.leaseMs * (1 - LEASE_RENEW_FRACTION) - performance.now();
    timer = setTimeout(() => void beat(), Math.max(renewIn, 0));
    timer.unref();
  };
  schedule();

  return {
    assertHeld() {
      if (taken || performance.now() > validUntil - LEASE_SAFETY_MARGIN_MS) throw new LeaseLost();
    },
    lost,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
