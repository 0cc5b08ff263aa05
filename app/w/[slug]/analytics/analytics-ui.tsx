import { formatPercent } from "@/lib/core/insight-arithmetic";
import { formatCalendarDay } from "@/lib/core/instant-format";

// The analytics pages' small pieces: numbers as people read them, an inline SVG line chart and a
// stat tile. Server components, no chart library: a few polylines need none.

/** 12345 → "12,345"; null → "—" (unknown, never shown as 0). */
export function formatCount(value: number | null): string {
  if (value === null) return "—";
  return String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

export { formatPercent };

export function Stat({
  label,
  value,
  hint,
  testId,
}: {
  label: string;
  value: string;
  hint?: string;
  testId?: string;
}) {
  return (
    <div className="rounded-md border border-zinc-200 bg-white px-3 py-2" data-testid={testId}>
      <dt className="text-xs text-zinc-500">{label}</dt>
      <dd className="text-lg font-semibold tabular-nums">{value}</dd>
      {hint ? <dd className="text-xs text-zinc-500">{hint}</dd> : null}
    </div>
  );
}

export type ChartSeries = { name: string; color: string; values: (number | null)[] };

// A narrow canvas with large text: on a phone the chart is drawn at about 300 px wide, and its
// labels must still be readable there.
const WIDTH = 480;
const HEIGHT = 200;
const PAD = { left: 56, right: 24, top: 12, bottom: 28 };
const FONT = 15;

/**
 * Lines over shared x positions (0…xMax), unknown values leaving a gap. `label` names the chart
 * for screen readers; `table` (the same numbers) is what they read instead of the picture.
 */
export function LineChart({
  xs,
  xMax,
  series,
  ticks,
  label,
  testId,
}: {
  xs: number[];
  xMax: number;
  series: ChartSeries[];
  ticks: { x: number; label: string }[];
  label: string;
  testId?: string;
}) {
  const yMax = Math.max(1, ...series.flatMap((s) => s.values.map((v) => v ?? 0)));
  const px = (x: number) => PAD.left + (xMax === 0 ? 0 : (x / xMax) * (WIDTH - PAD.left - PAD.right));
  const py = (y: number) => PAD.top + (1 - y / yMax) * (HEIGHT - PAD.top - PAD.bottom);
  return (
    <figure className="flex flex-col gap-1" data-testid={testId}>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={label}
        className="h-auto w-full max-w-xl"
      >
        <line x1={PAD.left} x2={WIDTH - PAD.right} y1={py(0)} y2={py(0)} stroke="#d4d4d8" />
        <line x1={PAD.left} x2={WIDTH - PAD.right} y1={py(yMax)} y2={py(yMax)} stroke="#f4f4f5" />
        <text x={PAD.left - 6} y={py(yMax) + 4} textAnchor="end" fontSize={FONT} fill="#71717a">
          {formatCount(yMax)}
        </text>
        <text x={PAD.left - 6} y={py(0) + 4} textAnchor="end" fontSize={FONT} fill="#71717a">
          0
        </text>
        {ticks.map((tick) => (
          <text
            key={`${tick.x}-${tick.label}`}
            x={px(tick.x)}
            y={HEIGHT - 6}
            textAnchor={tick.x >= xMax ? "end" : "middle"}
            fontSize={FONT}
            fill="#71717a"
          >
            {tick.label}
          </text>
        ))}
        {series.map((s) => {
          const segments: string[][] = [[]];
          s.values.forEach((value, i) => {
            const x = xs[i];
            if (value === null || x === undefined) {
              segments.push([]);
              return;
            }
            segments[segments.length - 1]?.push(`${px(x).toFixed(1)},${py(value).toFixed(1)}`);
          });
          return (
            <g key={s.name}>
              {segments
                .filter((points) => points.length > 0)
                .map((points) => (
                  <polyline
                    key={points[0]}
                    points={points.join(" ")}
                    fill="none"
                    stroke={s.color}
                    strokeWidth="2"
                  />
                ))}
              {s.values.map((value, i) =>
                value === null || xs[i] === undefined ? null : (
                  // biome-ignore lint/suspicious/noArrayIndexKey: points are fixed by position
                  <circle key={i} cx={px(xs[i] as number)} cy={py(value)} r="2.5" fill={s.color} />
                ),
              )}
            </g>
          );
        })}
      </svg>
      <figcaption className="flex flex-wrap gap-3 text-xs text-zinc-600">
        {series.map((s) => (
          <span key={s.name} className="inline-flex items-center gap-1">
            <span
              aria-hidden="true"
              className="inline-block h-0.5 w-4"
              style={{ backgroundColor: s.color }}
            />
            {s.name}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

/** Shown in place of numbers a platform's API does not give: its descriptor's sentence. */
export function NoNumbers({ why }: { why: string }) {
  return (
    <p
      className="rounded-md border border-zinc-200 bg-zinc-50 px-3 py-2 text-sm text-zinc-700"
      data-testid="no-insights"
    >
      {why}
    </p>
  );
}

export const SAMPLE_NOTE =
  "Sample numbers from the sandbox: these are sandbox channels, so their numbers come from the simulator (or the demo's generated history), not from a real audience.";

/** "Fri 6 Nov – Sat 5 Dec 2026": a range of plain dates as people read it. */
export function formatRange(range: { from: string; to: string }): string {
  return `${formatCalendarDay(range.from)} – ${formatCalendarDay(range.to)} ${range.to.slice(0, 4)}`;
}
