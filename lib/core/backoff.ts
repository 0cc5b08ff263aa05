/**
 * Delay before retry number `attempt` (1-based): exponential from `baseMs`, capped at `maxMs`,
 * with "full jitter" (a uniform draw below the exponential value) so that many targets failing
 * together do not retry together. `random` is injectable for tests.
 */
export function backoffDelayMs(
  attempt: number,
  {
    baseMs = 2_000,
    maxMs = 5 * 60_000,
    random = Math.random,
  }: { baseMs?: number; maxMs?: number; random?: () => number } = {},
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  // Never below a tenth of the ceiling: a zero delay would hammer a platform that just failed.
  return Math.round(ceiling * (0.1 + 0.9 * random()));
}
