export type Distribution = { n: number; p50: number; p95: number; p99: number; max: number };

/** Nearest-rank percentiles of a sample, rounded to 0.1 ms; NaN when there is nothing to rank. */
export function distribution(values: number[]): Distribution {
  const sorted = Float64Array.from(values).sort();
  const rank = (p: number) =>
    sorted.length === 0
      ? Number.NaN
      : (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN);
  const round = (v: number) => Math.round(v * 10) / 10;
  return {
    n: sorted.length,
    p50: round(rank(50)),
    p95: round(rank(95)),
    p99: round(rank(99)),
    max: round(sorted[sorted.length - 1] ?? Number.NaN),
  };
}

export const round1 = (value: number) => Math.round(value * 10) / 10;
export const round2 = (value: number) => Math.round(value * 100) / 100;

/** "1.23×" for ours ÷ baseline, "–" when either side is missing. */
export function ratio(ours: number, baseline: number): string {
  return Number.isFinite(ours) && Number.isFinite(baseline) && baseline !== 0
    ? `${(ours / baseline).toFixed(2)}×`
    : "–";
}
