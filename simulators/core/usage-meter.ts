const MINUTE_MS = 60_000;
const SLOTS = 60;

interface Ring {
  counts: Int32Array;
  minutes: Float64Array;
}

/**
 * Calls per key over a rolling hour, in one-minute buckets, so computing the usage headers on
 * every request costs a fixed 60-slot sum whatever the traffic.
 */
export class UsageMeter {
  private readonly rings = new Map<string, Ring>();

  /** Counts `weight` calls (a heavy call weighs more in the time and CPU budgets). */
  record(key: string, now: number, weight = 1): void {
    let ring = this.rings.get(key);
    if (!ring) {
      ring = { counts: new Int32Array(SLOTS), minutes: new Float64Array(SLOTS).fill(-1) };
      this.rings.set(key, ring);
    }
    const minute = Math.floor(now / MINUTE_MS);
    const slot = minute % SLOTS;
    if (ring.minutes[slot] !== minute) {
      ring.minutes[slot] = minute;
      ring.counts[slot] = 0;
    }
    ring.counts[slot] = (ring.counts[slot] ?? 0) + weight;
  }

  /** Calls in the last hour. */
  count(key: string, now: number): number {
    const ring = this.rings.get(key);
    if (!ring) return 0;
    const minute = Math.floor(now / MINUTE_MS);
    let total = 0;
    for (let slot = 0; slot < SLOTS; slot++) {
      const at = ring.minutes[slot] ?? -1;
      if (at > minute - SLOTS && at <= minute) total += ring.counts[slot] ?? 0;
    }
    return total;
  }

  /** Minutes until the oldest counted bucket leaves the window. */
  minutesToRegain(key: string, now: number): number {
    const ring = this.rings.get(key);
    if (!ring) return 0;
    const minute = Math.floor(now / MINUTE_MS);
    let oldest = minute;
    for (let slot = 0; slot < SLOTS; slot++) {
      const at = ring.minutes[slot] ?? -1;
      if (at > minute - SLOTS && at < oldest && (ring.counts[slot] ?? 0) > 0) oldest = at;
    }
    return oldest + SLOTS - minute;
  }

  clear(): void {
    this.rings.clear();
  }
}
