/**
 * How long the story page waits before its next refresh (AutoRefresh). Once the story is due, or
 * when it has no time, every `everyMs`: the pipeline moves then. Before its time nothing in the
 * pipeline moves, so the page refreshes only every `idleMs` (for what teammates change) and once
 * exactly at its time. A tab left open on a story due next week then costs the server two renders
 * a minute, not thirty.
 */
export function refreshDelay(now: number, dueAt: number | null, everyMs: number, idleMs: number): number {
  const untilDue = dueAt === null ? 0 : dueAt - now;
  return untilDue > everyMs ? Math.min(idleMs, untilDue) : everyMs;
}
