import { createHash } from "node:crypto";

/**
 * A fixed single-core workload (hashing and JSON, the kinds of work a publish run does), timed:
 * the benchmarks' absolute figures (ms of CPU per target, seconds to publish a burst) depend on
 * the machine, and runs on different hardware can only be compared through a yardstick like this.
 * Best of three, so a moment's interference does not count. Lower is faster.
 */
export function cpuProbeMs(): number {
  const chunk = Buffer.alloc(1 << 20, 7);
  const rows = Array.from({ length: 5_000 }, (_, i) => ({
    id: `row-${i}`,
    n: i,
    at: new Date(i).toISOString(),
  }));
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 3; round++) {
    const started = performance.now();
    const hash = createHash("sha256");
    for (let i = 0; i < 64; i++) hash.update(chunk);
    hash.digest();
    for (let i = 0; i < 20; i++) JSON.parse(JSON.stringify(rows));
    best = Math.min(best, performance.now() - started);
  }
  return Math.round(best);
}
