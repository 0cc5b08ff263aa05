/**
 * Simulated time: real time plus an offset that only grows. Everything with a deadline in the
 * simulators (token expiry, 24 h stories, quota windows, processing times) reads this clock, so a
 * test can cross a day in one call instead of waiting for it.
 */
export class SimClock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  get offset(): number {
    return this.offsetMs;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError("the simulated clock only moves forward");
    this.offsetMs += ms;
  }

  reset(): void {
    this.offsetMs = 0;
  }
}
