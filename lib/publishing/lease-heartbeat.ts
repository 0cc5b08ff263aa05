import { performance } from "node:perf_hooks";
import { messageOf } from "@/lib/errors";
import type { Claim } from "./claim-target";
import { renewLeases } from "./claim-target";
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
 * Keeps a claimed target's short lease alive while this run holds it: once LEASE_RENEW_FRACTION
 * of the lease has passed, a fenced UPDATE moves `leaseExpiresAt` on. A run that ends within that
 * time (nearly all of them) costs no statement at all. If the process dies, the renewals stop and
 * another worker may claim the target once the lease runs out, within seconds.
 *
 * The runs of one process renew together (LeaseKeeper below): one statement for every lease due
 * within the next RENEW_AHEAD_MS, so a burst whose runs all outlive the first third of their
 * lease costs a statement a second rather than one per run and beat.
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
  let markLost: () => void = () => undefined;
  const lost = new Promise<void>((resolve) => {
    markLost = resolve;
  });
  const lease: HeldLease = {
    targetId,
    token: claim.token,
    leaseMs: deps.leaseMs,
    // An early claim's lease runs to the instant plus leaseMs (claim-target.ts); renewals after
    // it move it leaseMs past the renewal, as usual.
    validUntil: startedAt + claim.leaseMs,
    taken: false,
    markLost: () => markLost(),
  };
  const keeper = keeperFor(deps);
  keeper.hold(lease);
  return {
    assertHeld() {
      if (lease.taken || performance.now() > lease.validUntil - LEASE_SAFETY_MARGIN_MS) throw new LeaseLost();
    },
    lost,
    stop() {
      keeper.release(lease);
    },
  };
}

type HeldLease = {
  targetId: string;
  token: string;
  leaseMs: number;
  /** Monotonic time the lease certainly lasts until, by the last renewal that succeeded. */
  validUntil: number;
  taken: boolean;
  markLost(): void;
};

/** Leases due this soon are renewed with the one that is due now. */
const RENEW_AHEAD_MS = 1_000;
/** After a renewal statement failed, the next try. */
const RETRY_MS = 500;

type LeaseKeeper = { hold(lease: HeldLease): void; release(lease: HeldLease): void };

// One keeper per statement runner: a process has one; a test that gives a run a runner of its
// own (one that stalls, say) gets a keeper of its own, as a separate process would.
const keepers = new WeakMap<PipelineDeps["sql"], LeaseKeeper>();

function keeperFor(deps: Pick<PipelineDeps, "sql" | "now" | "logger">): LeaseKeeper {
  let keeper = keepers.get(deps.sql);
  if (!keeper) {
    keeper = createLeaseKeeper(deps);
    keepers.set(deps.sql, keeper);
  }
  return keeper;
}

function createLeaseKeeper(deps: Pick<PipelineDeps, "sql" | "now" | "logger">): LeaseKeeper {
  const held = new Set<HeldLease>();
  const retryAt = new WeakMap<HeldLease, number>();
  let timer: NodeJS.Timeout | undefined;
  let renewing = false;

  const renewAt = (lease: HeldLease) =>
    Math.max(lease.validUntil - lease.leaseMs * (1 - LEASE_RENEW_FRACTION), retryAt.get(lease) ?? 0);

  const schedule = () => {
    clearTimeout(timer);
    timer = undefined;
    if (renewing || held.size === 0) return;
    let next = Number.POSITIVE_INFINITY;
    for (const lease of held) next = Math.min(next, renewAt(lease));
    timer = setTimeout(() => void renew(), Math.max(0, next - performance.now()));
    timer.unref();
  };

  const renew = async () => {
    const due = [...held].filter((lease) => renewAt(lease) <= performance.now() + RENEW_AHEAD_MS);
    if (due.length === 0) return schedule();
    renewing = true;
    const sentAt = performance.now();
    try {
      const renewed = await renewLeases(deps.sql, due, deps.now());
      for (const lease of due) {
        retryAt.delete(lease);
        if (renewed.has(lease.targetId)) {
          lease.validUntil = sentAt + lease.leaseMs;
        } else {
          lease.taken = true;
          held.delete(lease);
          lease.markLost();
        }
      }
    } catch (error) {
      // A failed renewal is not a lost lease: try again soon; if none succeeds in time,
      // assertHeld() stops each run when its last good lease runs out.
      for (const lease of due) retryAt.set(lease, performance.now() + RETRY_MS);
      deps.logger.warn(
        { leases: due.length, reason: messageOf(error) },
        "could not renew publish leases; retrying",
      );
    } finally {
      renewing = false;
      schedule();
    }
  };

  return {
    hold(lease) {
      held.add(lease);
      schedule();
    },
    release(lease) {
      held.delete(lease);
      if (held.size === 0) schedule();
    },
  };
}
